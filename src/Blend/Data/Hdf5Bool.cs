namespace Blend.Data;

/// <summary>
/// h5py's boolean type: an 8-bit enum whose members are exactly FALSE = 0 and TRUE = 1. h5py uses a signed int8
/// base; PureHDF 2.2.0 cannot write sbyte-based enums, so the base here is uint8, which h5py still reads as numpy
/// bool (it looks only at the member names and values). Used by the NLB and the NWB writers.
/// </summary>
internal enum Hdf5Bool : byte
{
    FALSE = 0,
    TRUE = 1,
}

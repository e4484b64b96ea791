namespace Blend.Data.Nwb.Writing;

/// <summary>An electrode group (e.g. one Utah array) and the device it belongs to, which the file also describes.</summary>
public sealed record NwbElectrodeGroup(string Name, string Description, string Location, string Device, string DeviceDescription);

using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Configuration;

/// <summary>Validates a settings object the way <c>ValidateDataAnnotations</c> does, before the host is built.</summary>
public static class SettingsValidation
{
    public static void ThrowIfInvalid(object settings, string section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            throw new InvalidSettingsException(
                $"Configuration section '{section}' is invalid: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}

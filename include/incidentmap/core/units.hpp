#pragma once
/// @file
/// @brief Unit constants and strong types for lengths and angles.
///
/// Raw doubles that cross the API carry their unit in their name (`distance_m`,
/// `azimuth_deg`); the strong types and literals here are for call sites that want the
/// compiler to check units (`2.5_km`, `miles_to_meters(3)`).

namespace incidentmap {

/// @brief Metres in one international mile (exact, 1959 agreement). @since 0.1
inline constexpr double k_meters_per_mile = 1609.344;
/// @brief Metres in one international foot (exact). @since 0.1
inline constexpr double k_meters_per_foot = 0.3048;
/// @brief WGS84 semi-major axis in metres. @since 0.1
inline constexpr double k_wgs84_a_m = 6378137.0;
/// @brief WGS84 flattening. @since 0.1
inline constexpr double k_wgs84_f = 1.0 / 298.257223563;
/// @brief Mean Earth radius R1 = (2a + b)/3 in metres (IUGG), used only by
/// geodesy::spherical. @since 0.1
inline constexpr double k_mean_earth_radius_m = 6371008.8;
/// @brief pi. @since 0.1
inline constexpr double k_pi = 3.14159265358979323846;

/// @brief A length in metres. @since 0.1
class meters {
public:
    constexpr explicit meters(double value) noexcept : m_value(value) {}
    [[nodiscard]] constexpr double value() const noexcept { return m_value; }
    friend constexpr auto operator<=>(meters, meters) = default;
    friend constexpr meters operator+(meters a, meters b) noexcept {
        return meters{a.m_value + b.m_value};
    }
    friend constexpr meters operator-(meters a, meters b) noexcept {
        return meters{a.m_value - b.m_value};
    }
    friend constexpr meters operator*(double k, meters a) noexcept { return meters{k * a.m_value}; }

private:
    double m_value;
};

/// @brief An angle in degrees. @since 0.1
class degrees {
public:
    constexpr explicit degrees(double value) noexcept : m_value(value) {}
    [[nodiscard]] constexpr double value() const noexcept { return m_value; }
    friend constexpr auto operator<=>(degrees, degrees) = default;

private:
    double m_value;
};

/// @brief An angle in radians. @since 0.1
class radians {
public:
    constexpr explicit radians(double value) noexcept : m_value(value) {}
    [[nodiscard]] constexpr double value() const noexcept { return m_value; }
    friend constexpr auto operator<=>(radians, radians) = default;

private:
    double m_value;
};

/// @brief Degrees to radians. @since 0.1
[[nodiscard]] constexpr radians to_radians(degrees a) noexcept {
    return radians{a.value() * k_pi / 180.0};
}
/// @brief Radians to degrees. @since 0.1
[[nodiscard]] constexpr degrees to_degrees(radians a) noexcept {
    return degrees{a.value() * 180.0 / k_pi};
}
/// @brief International miles to metres. @since 0.1
[[nodiscard]] constexpr meters miles_to_meters(double miles) noexcept {
    return meters{miles * k_meters_per_mile};
}

namespace literals {
/// @brief `12.5_m`
constexpr meters operator""_m(long double v) noexcept {
    return meters{static_cast<double>(v)};
}
constexpr meters operator""_m(unsigned long long v) noexcept {
    return meters{static_cast<double>(v)};
}
/// @brief `2_km`
constexpr meters operator""_km(long double v) noexcept {
    return meters{static_cast<double>(v) * 1000.0};
}
constexpr meters operator""_km(unsigned long long v) noexcept {
    return meters{static_cast<double>(v) * 1000.0};
}
/// @brief `3_mi` (international miles)
constexpr meters operator""_mi(long double v) noexcept {
    return miles_to_meters(static_cast<double>(v));
}
constexpr meters operator""_mi(unsigned long long v) noexcept {
    return miles_to_meters(static_cast<double>(v));
}
/// @brief `45_deg`
constexpr degrees operator""_deg(long double v) noexcept {
    return degrees{static_cast<double>(v)};
}
constexpr degrees operator""_deg(unsigned long long v) noexcept {
    return degrees{static_cast<double>(v)};
}
}  // namespace literals

}  // namespace incidentmap

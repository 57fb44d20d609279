#pragma once
/// @file
/// @brief UTF-8 well-formedness, the one check every text input of the library goes through.

#include <cstddef>
#include <optional>
#include <string_view>

#include <incidentmap/export.hpp>

namespace incidentmap {

/// @brief The byte offset of the first byte of text that does not begin a well-formed UTF-8
/// sequence (overlong forms, surrogates and code points above U+10FFFF are not well formed),
/// or std::nullopt when all of text is well formed. @since 0.1
[[nodiscard]] INCIDENTMAP_EXPORT std::optional<std::size_t> utf8_error_offset(
    std::string_view text) noexcept;

}  // namespace incidentmap

#include <cmath>
#include <cstdio>
#include <string>

#include <incidentmap/geocode/locate.hpp>

namespace incidentmap::geocode {

LocateReport locate(incident::IncidentCollection& incidents, const Geocoder& geocoder,
                    const GeocodeOptions& options, const error_sink& on_error) {
    LocateReport report;
    GeocodeOptions one = options;  // the best result only
    one.limit = 1;
    std::size_t index = 0;
    for (auto& inc : incidents.incidents) {
        for (auto& loc : inc.locations) {
            const std::size_t here = index++;
            if (loc.place.empty() || type_of(loc.geometry) != geometry_type::none) continue;
            const std::string where = "incident " + inc.id + ", location " + loc.id;
            std::vector<GeocodeResult> results;
            try {
                results = geocoder.geocode(loc.place, one);
            } catch (const invalid_input& e) {
                ++report.unresolved;
                if (on_error) on_error(here, where + ": place \"" + loc.place + "\": " + e.what());
                continue;
            }
            if (results.empty()) {
                ++report.unresolved;
                if (on_error)
                    on_error(here, where + ": place \"" + loc.place +
                                       "\" matches nothing in the gazetteer");
                continue;
            }
            const GeocodeResult& r = results.front();
            loc.geometry = r.part.empty() ? Geometry{r.point} : r.extent;
            loc.precision = r.precision;
            loc.uncertainty_m = std::round(r.uncertainty_m);  // metres; finer is noise
            loc.derivation = incident::derivation_method::geocoded;
            std::string note = r.name;
            if (!r.admin.state.empty() && r.admin.state != r.name) note += ", " + r.admin.state;
            if (!r.admin.country_code.empty()) note += ", " + r.admin.country_code;
            if (!r.part.empty()) note += " (" + r.part + " part)";
            char tail[96];
            std::snprintf(tail, sizeof tail, "; match %s, confidence %.2f", to_string(r.match),
                          r.confidence);
            note += tail;
            if (r.feature_unresolved)
                note += "; the " + r.feature + " itself is not in the gazetteer";
            const std::string earlier = loc.derivation_note;
            loc.derivation_note =
                "\"" + loc.place + "\" -> " + note + (earlier.empty() ? "" : "; " + earlier);
            ++report.located;
        }
    }
    return report;
}

}  // namespace incidentmap::geocode

// Reads an incident file, geocodes its place descriptions with the default gazetteer, writes
// its map layers, and prints the distance interval between each incident's scene and where
// victims were found.
//
//   seed_layers [INCIDENTS.json [OUTPUT_DIR]]   (defaults: data/seed-incidents.json, out/example)
#include <cstdio>
#include <string>

#include <incidentmap/incidentmap.hpp>

int main(int argc, char** argv) {
    namespace im = incidentmap;
    const std::string input = argc > 1 ? argv[1] : "data/seed-incidents.json";
    const std::string output_dir = argc > 2 ? argv[2] : "out/example";
    try {
        im::incident::IncidentCollection incidents = im::incident::read_incidents(input);

        // Offline geocoding: "the eastern part of Portland, Oregon" -> a polygon with its
        // precision and uncertainty radius.
        const auto gazetteer =
            im::gazetteer::Gazetteer::open(im::gazetteer::Gazetteer::find_default());
        const im::geocode::Geocoder geocoder({&gazetteer});
        const auto located = im::geocode::locate(incidents, geocoder);
        std::printf("geocoded %zu place descriptions\n", located.located);

        const im::io::LayerFiles files = im::io::write_incident_layers(incidents, output_dir);
        for (const std::string& path : files.paths) std::printf("wrote %s\n", path.c_str());

        for (const im::incident::Incident& incident : incidents.incidents) {
            for (const im::incident::Link& link : incident.links) {
                const im::incident::LinkMeasure m = im::incident::measure(incident, link);
                if (!m.interval) continue;
                std::printf("%s: %s -> %s is %.0f to %.0f m (%.1f to %.1f miles)\n",
                            incident.id.c_str(), link.from.c_str(), link.to.c_str(),
                            m.interval->low_m, m.interval->high_m,
                            m.interval->low_m / im::k_meters_per_mile,
                            m.interval->high_m / im::k_meters_per_mile);
            }
        }
    } catch (const im::error& e) {
        std::fprintf(stderr, "seed_layers: %s (%s)\n", e.what(), im::errc_name(e.code()));
        return 1;
    }
    return 0;
}

#pragma once
// Internal: the parsed form of an extraction rule set (data/extract-rules.json).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <incidentmap/extract/incidents.hpp>

namespace incidentmap::extract {

/// A phrase as lower-case words, compared with tokens' `lower`.
using Phrase = std::vector<std::string>;

struct Rules::Data {
    struct Event {
        std::string type;
        bool starts_incident = true;
        std::vector<Phrase> verbs;
        std::vector<Phrase> nouns;
    };
    struct Agency {
        std::string name;
        std::vector<Phrase> aliases;
    };
    struct Feature {
        Phrase words;
        std::string feature;  // the geocoder's feature type ("hospital"), or a class
    };
    struct TimeLink {
        Phrase words;
        std::optional<int> days;  // the linked event's day relative to the main one
    };
    struct Vague {
        Phrase words;
        double low_m = 0;
        double high_m = 0;
    };
    std::vector<Event> events;
    std::set<std::string, std::less<>> killed_words;
    std::set<std::string, std::less<>> injured_words;
    std::map<std::string, int, std::less<>> numbers;
    std::set<std::string, std::less<>> actor_heads;
    std::set<std::string, std::less<>> actor_modifiers;
    std::vector<Agency> agencies;
    std::vector<Phrase> scene_cues;
    std::vector<Phrase> found_cues;
    std::vector<Phrase> hospital_cues;
    std::vector<Feature> features;  // longest phrases first
    std::set<std::string, std::less<>> background_modifiers;
    std::vector<Phrase> past_markers;
    std::vector<TimeLink> time_links;  // longest phrases first
    std::vector<Vague> vague;          // longest phrases first
    std::map<std::string, double, std::less<>> units_m;
    double stated_tolerance = 0.1;
    double about_tolerance = 0.25;
    std::set<std::string, std::less<>> about_words;
    double near_m = 1609.344;
    std::vector<Phrase> away_words;
};

}  // namespace incidentmap::extract

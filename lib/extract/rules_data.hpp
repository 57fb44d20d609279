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
        bool fatal = false;       // someone died ("a killing"), though no count is stated
        bool when_alone = false;  // names an incident only when no other type does ("wounded")
        std::vector<Phrase> verbs;
        std::vector<Phrase> nouns;
        std::vector<Phrase>
            except;  // phrases holding a word that are not the event ("heart attack")
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
    std::set<std::string, std::less<>> killed_words;   // "killed", "dead", "died"
    std::set<std::string, std::less<>> injured_words;  // "wounded", "injured"
    std::set<std::string, std::less<>> hit_words;      // "shot", "stabbed": hurt, no outcome
    std::vector<Phrase> killed_phrases;                // "shot to death", "pronounced dead"
    std::vector<Phrase> injured_phrases;               // "in critical condition"
    std::set<std::string, std::less<>> later_words;    // "later", "subsequently"
    std::vector<Phrase> later_phrases;                 // after "died": "at the hospital"
    std::set<std::string, std::less<>> killed_nouns;   // "death", "killing": "the death of a man"
    std::vector<Phrase> transitions;
    std::vector<Phrase> survival;  // "stable condition": the people hurt are alive
    std::set<std::string, std::less<>> wound_leads;  // "with", "suffering from": before a wound  //
                                                     // "died", "pronounced dead": someone hurt died
    std::set<std::string, std::less<>> degree_words;     // "seriously", "critically"
    std::set<std::string, std::less<>> auxiliaries;      // "was", "were", "been"
    std::set<std::string, std::less<>> prepositions;     // "in", "at": a phrase after people
    std::set<std::string, std::less<>> fatal_modifiers;  // "fatal", "deadly" before an event
    std::set<std::string, std::less<>> people_one;       // "man", "victim", "teen"
    std::set<std::string, std::less<>> people_many;      // "men", "people", "teens"
    // Words for people that others restate: "Three people, two men and a woman" are three.
    std::set<std::string, std::less<>> people_general;
    std::set<std::string, std::less<>> suspect_words;  // "suspect", "gunman"
    std::vector<Phrase> statistics;     // "this year": a sentence holding one counts many events
    std::vector<Phrase> off_day_words;  // an arrest, a hearing, a funeral: not the event's day
    std::vector<Phrase> boilerplate;    // a short line holding one is the page's, not the article's
    std::vector<Phrase> end_markers;    // a line that is one ends the article ("Comments")
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

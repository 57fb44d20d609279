#pragma once
/// @file
/// @brief Umbrella header: the whole incidentmap C++ API.

#include <incidentmap/core/atomic_file.hpp>
#include <incidentmap/core/error.hpp>
#include <incidentmap/core/geometry.hpp>
#include <incidentmap/core/lonlat.hpp>
#include <incidentmap/core/precision.hpp>
#include <incidentmap/core/time.hpp>
#include <incidentmap/core/units.hpp>
#include <incidentmap/extract/incidents.hpp>
#include <incidentmap/extract/places.hpp>
#include <incidentmap/gazetteer/gazetteer.hpp>
#include <incidentmap/gazetteer/normalize.hpp>
#include <incidentmap/geocode/geocoder.hpp>
#include <incidentmap/geocode/locate.hpp>
#include <incidentmap/geodesy/compass.hpp>
#include <incidentmap/geodesy/geodesic.hpp>
#include <incidentmap/geodesy/shapes.hpp>
#include <incidentmap/geodesy/spherical.hpp>
#include <incidentmap/incident/json.hpp>
#include <incidentmap/incident/measure.hpp>
#include <incidentmap/incident/model.hpp>
#include <incidentmap/io/geojson.hpp>
#include <incidentmap/io/incident_layers.hpp>
#include <incidentmap/io/layer.hpp>
#include <incidentmap/version.hpp>

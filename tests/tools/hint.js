#!/usr/bin/env node
// Runs @mapbox/geojsonhint on each file given and fails on any error *or warning*
// (the geojsonhint CLI exits 0 on warnings such as a wrong ring winding).
'use strict';
const fs = require('fs');
const geojsonhint = require('@mapbox/geojsonhint');

// --precision-warning also turns on geojsonhint's opt-in warning for coordinates with
// more than 6 decimals (its CLI leaves it off; incidentmap writes 7 by default).
const args = process.argv.slice(2);
const precisionWarning = args[0] === '--precision-warning';
if (precisionWarning) args.shift();

let problems = 0;
for (const file of args) {
  const text = fs.readFileSync(file, 'utf8');
  // RFC 8142 text sequences: check each record.
  const records = text.startsWith('\x1e')
    ? text.split('\x1e').filter((r) => r.trim() !== '')
    : [text];
  records.forEach((record, i) => {
    for (const msg of geojsonhint.hint(record, { precisionWarning })) {
      problems++;
      const where = records.length > 1 ? `record ${i}` : `line ${msg.line ?? '?'}`;
      console.error(`${file}: ${where}: ${msg.message}`);
    }
  });
  if (problems === 0) console.log(`${file}: ok (${records.length} document(s))`);
}
process.exit(problems === 0 ? 0 : 1);

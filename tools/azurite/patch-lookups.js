// Azurite keeps each table in LokiJS with binary indices on PartitionKey and on RowKey, and looks an entity up with
// findOne({ RowKey, PartitionKey }). LokiJS uses the index of the first property only and scans what it finds for the
// second. Orleans stores every grain of one kind under the same RowKey (the state's name) and a PartitionKey of its
// own, so every grain-state read and write scanned all of that kind's rows: with tens of thousands of agents Azurite
// served about 100 table requests a second, where Azure Table storage looks an entity up by its keys directly. Putting
// PartitionKey first makes the lookup an index hit; the answer is the same entity. Idempotent: npm ci runs it
// (postinstall), and so do test.sh and tools/cluster.sh before they start Azurite from a cached install.
"use strict";
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "node_modules", "azurite", "dist", "src", "table", "persistence", "LokiTableMetadataStore.js");
const expected = 6;
const text = fs.readFileSync(file, "utf8");
let swapped = 0;
const patched = text.replace(/findOne\(\{\s*RowKey: ([^,\n]+),\s*PartitionKey: ([^\n]+?)\s*\}\)/g, (_, rowKey, partitionKey) => {
  swapped++;
  return `findOne({ PartitionKey: ${partitionKey}, RowKey: ${rowKey} })`;
});
const done = (patched.match(/findOne\(\{ PartitionKey: /g) || []).length;
if (done !== expected) {
  console.error(`patch-lookups: expected ${expected} entity lookups in ${file}, found ${done}: a different Azurite version? See tools/azurite/patch-lookups.js.`);
  process.exit(1);
}
if (swapped > 0) {
  fs.writeFileSync(file, patched);
}

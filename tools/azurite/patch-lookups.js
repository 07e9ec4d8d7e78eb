// Azurite keeps each table in LokiJS with binary indices on PartitionKey and on RowKey, and looks an entity up with
// findOne({ RowKey, PartitionKey }). LokiJS uses the index of the first property only and scans what it finds for the
// second. Which index narrows the search depends on the table's shape:
// - Orleans grain state and reminders: every grain of one kind shares a RowKey (the state's name), each has a
//   PartitionKey of its own. Looked up by RowKey, every read and write of an agent's state scanned all agents' rows:
//   with tens of thousands of agents Azurite served about 100 table requests a second.
// - The presence feed and the disconnection windows: one PartitionKey (the tenant), a RowKey per row. Looked up by
//   PartitionKey, every insert would scan the tenant's whole feed.
// Azure Table storage looks an entity up by both keys directly. So each lookup asks both indices how many rows match
// (two binary searches) and scans the smaller range; the answer is the same entity. Idempotent, and it also replaces
// this script's earlier form (PartitionKey always first) in a cached install: npm ci runs it (postinstall), and so do
// test.sh and tools/cluster.sh before they start Azurite.
"use strict";
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "node_modules", "azurite", "dist", "src", "table", "persistence", "LokiTableMetadataStore.js");
const expected = 6;
const helperName = "presenceGrainsLookup";
const helper = `
// Added by PresenceGrains tools/azurite/patch-lookups.js: look an entity up through the narrower of the two key indices.
function ${helperName}(collection, partitionKey, rowKey) {
    try {
        collection.ensureIndex("PartitionKey");
        collection.ensureIndex("RowKey");
        const byPartition = collection.calculateRange("$eq", "PartitionKey", partitionKey);
        const byRow = collection.calculateRange("$eq", "RowKey", rowKey);
        if (byPartition[1] - byPartition[0] <= byRow[1] - byRow[0]) {
            const partitionFirst = { PartitionKey: partitionKey, RowKey: rowKey };
            return collection.findOne(partitionFirst);
        }
    }
    catch (_) {
        // An index LokiJS cannot range over: the plain lookup below is always right, only slower.
    }
    const rowFirst = { RowKey: rowKey, PartitionKey: partitionKey };
    return collection.findOne(rowFirst);
}
`;

const text = fs.readFileSync(file, "utf8");
let patched = text
  // Azurite's own form.
  .replace(/([A-Za-z_$][\w$]*)\.findOne\(\{\s*RowKey: ([^,\n]+),\s*PartitionKey: ([^\n]+?)\s*\}\)/g,
    (_, collection, rowKey, partitionKey) => `${helperName}(${collection}, ${partitionKey}, ${rowKey})`)
  // This script's earlier form.
  .replace(/([A-Za-z_$][\w$]*)\.findOne\(\{\s*PartitionKey: ([^,\n]+),\s*RowKey: ([^\n]+?)\s*\}\)/g,
    (_, collection, partitionKey, rowKey) => `${helperName}(${collection}, ${partitionKey}, ${rowKey})`);
if (!patched.includes(`function ${helperName}(`)) {
  patched = patched.replace(/^("use strict";\n)?/, (strict) => `${strict}${helper}`);
}

// Every use, less the definition.
const calls = patched.split(`${helperName}(`).length - 2;
if (calls !== expected) {
  console.error(`patch-lookups: expected ${expected} entity lookups in ${file}, found ${calls}: a different Azurite version? See tools/azurite/patch-lookups.js.`);
  process.exit(1);
}
if (patched !== text) {
  fs.writeFileSync(file, patched);
}

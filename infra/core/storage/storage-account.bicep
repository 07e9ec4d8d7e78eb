metadata description = 'Storage account for Orleans clustering, grain state, reminders, presence history (tables) and streams (queues). Entra ID only: no shared keys.'

param name string
param location string = resourceGroup().location
param tags object = {}

// Tables and queues are created by the silos at start-up (Orleans creates its membership, grain-state and
// reminder tables and its stream queues; the host creates its history table), so their names live in one
// place, the host's configuration. The identity's data-contributor roles allow that.
resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = storage.name
output tableEndpoint string = storage.properties.primaryEndpoints.table
output queueEndpoint string = storage.properties.primaryEndpoints.queue

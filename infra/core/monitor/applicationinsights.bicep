metadata description = 'Workspace-based Application Insights: the Azure Monitor target of the host\'s OpenTelemetry traces and metrics.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Log Analytics workspace that stores the telemetry.')
param logAnalyticsWorkspaceId string

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalyticsWorkspaceId
    // Telemetry is sent with the connection string; no local (key) auth is needed for queries.
    DisableLocalAuth: false
  }
}

output name string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString

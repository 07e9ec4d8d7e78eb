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
    // The host's Azure Monitor exporter sends with the connection string alone; turning local auth off would
    // require it to authenticate with the identity (and the identity to hold Monitoring Metrics Publisher).
    DisableLocalAuth: false
  }
}

output id string = appInsights.id
output name string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString

metadata description = 'The PresenceGrains host: ASP.NET Core and an Orleans silo in one container, at least two replicas, run as a user-assigned identity.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Container Apps environment.')
param containerAppsEnvironmentId string

@description('Resource id of the user-assigned identity the app runs as and pulls images with.')
param identityId string

@description('Client id of that identity; DefaultAzureCredential picks it through AZURE_CLIENT_ID.')
param identityClientId string

@description('Login server of the registry azd pushes the image to.')
param containerRegistryServer string

@description('True once azd has deployed an image: a re-provision then keeps the running image instead of the placeholder.')
param exists bool = false

// Two silos at least: one replica's restart (a deployment, a platform move) must not stop ingestion or lose
// the cluster's membership.
@minValue(2)
@maxValue(10)
param minReplicas int = 2

@minValue(2)
@maxValue(10)
param maxReplicas int = 4

@description('vCPU per replica; Container Apps wants memory of twice this many GiB.')
param cpu string = '0.5'
param memory string = '1Gi'

param tableServiceUri string
param queueServiceUri string
param keyVaultUri string
param platformClientSecretName string
param applicationInsightsConnectionString string
param clusterId string
param serviceId string
param platformBaseUrl string = ''
param platformTenantId string = ''
param platformClientId string = ''
param authAuthority string
param authAudience string = ''
param otlpEndpoint string = ''

// Until azd deploys the host image: a public ASP.NET sample that listens on 8080 like the host.
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

// The host's settings by environment variable name ('__' stands for ':'). Storage is reached by service URI
// and the identity, never by a connection string or key. Empty settings are left out so that the host's own
// defaults apply (no platform base URL: the bundled emulator).
var settings = {
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint
  Presence__Storage__TableServiceUri: tableServiceUri
  Presence__Storage__QueueServiceUri: queueServiceUri
  Presence__Cluster__ClusterId: clusterId
  Presence__Cluster__ServiceId: serviceId
  Presence__Platform__BaseUrl: platformBaseUrl
  Presence__Platform__TenantId: platformTenantId
  Presence__Platform__ClientId: platformClientId
  Presence__Platform__KeyVaultUri: keyVaultUri
  Presence__Platform__ClientSecretName: platformClientSecretName
  Presence__Auth__Authority: authAuthority
  Presence__Auth__Audience: authAudience
}

module currentImage '../core/host/container-app-image.bicep' = {
  name: '${name}-image'
  params: {
    name: name
    exists: exists
    fallbackImage: placeholderImage
  }
}

resource app 'Microsoft.App/containerApps@2026-07-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'host' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: containerRegistryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'host'
          image: currentImage.outputs.image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: map(filter(items(settings), s => !empty(s.value)), s => { name: s.key, value: s.value })
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'

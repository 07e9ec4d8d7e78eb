targetScope = 'subscription'

metadata description = 'PresenceGrains on Azure Container Apps: Orleans silos clustered through Azure Table storage, with the history stream on Azure Queues, the platform secret in Key Vault, telemetry in Application Insights.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment: names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the person running azd; may then rotate the platform secret in Key Vault. Empty: no role.')
param principalId string = ''

@description('True once azd has deployed the host image (SERVICE_HOST_RESOURCE_EXISTS).')
param hostExists bool = false

@description('Base URL of the CCaaS platform API. Empty: the host uses its bundled emulator.')
param platformBaseUrl string = ''

@description('The contact centre (tenant) id the connector serves at the platform.')
param platformTenantId string = ''

@description('OAuth client id of the platform integration.')
param platformClientId string = ''

@secure()
@description('OAuth client secret of the platform integration; written to Key Vault, never to an app setting.')
param platformClientSecret string = ''

@description('Entra ID authority that issues the API\'s bearer tokens. Empty: this subscription\'s tenant (v2.0).')
param authAuthority string = ''

@description('Audience (application id URI) the API\'s bearer tokens must carry.')
param authAudience string = ''

@description('Optional OTLP endpoint (a collector) that receives traces and metrics besides Application Insights.')
param otlpEndpoint string = ''

@description('Email address the alerts notify. Empty: alerts fire in the portal only.')
param alertEmail string = ''

@description('Orleans ServiceId: keep it stable across deployments, grain state is keyed by it.')
param serviceId string = 'presencegrains'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var clusterId = environmentName
var platformClientSecretName = 'platform-client-secret'
var effectiveAuthAuthority = empty(authAuthority)
  ? '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  : authAuthority

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module logAnalytics 'core/monitor/loganalytics.bicep' = {
  name: 'loganalytics'
  scope: resourceGroup
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
  }
}

module applicationInsights 'core/monitor/applicationinsights.bicep' = {
  name: 'applicationinsights'
  scope: resourceGroup
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: logAnalytics.outputs.id
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    platformSecretName: platformClientSecretName
    platformSecretValue: platformClientSecret
  }
}

module identity 'core/security/managed-identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: 'id-host-${resourceToken}'
    location: location
    tags: tags
  }
}

module containerRegistry 'core/host/container-registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
  }
}

module roleAssignments 'core/security/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: resourceGroup
  params: {
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    containerRegistryName: containerRegistry.outputs.name
  }
}

module containerAppsEnvironment 'core/host/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: resourceGroup
  params: {
    name: 'cae-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: logAnalytics.outputs.name
  }
}

module host 'app/host.bicep' = {
  name: 'host'
  scope: resourceGroup
  // The first replica must find its data, secret and image-pull roles in place.
  dependsOn: [
    roleAssignments
  ]
  params: {
    name: 'ca-host-${resourceToken}'
    location: location
    tags: tags
    containerAppsEnvironmentId: containerAppsEnvironment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    containerRegistryServer: containerRegistry.outputs.loginServer
    exists: hostExists
    tableServiceUri: storage.outputs.tableEndpoint
    queueServiceUri: storage.outputs.queueEndpoint
    keyVaultUri: keyVault.outputs.uri
    platformClientSecretName: platformClientSecretName
    applicationInsightsConnectionString: applicationInsights.outputs.connectionString
    clusterId: clusterId
    serviceId: serviceId
    platformBaseUrl: platformBaseUrl
    platformTenantId: platformTenantId
    platformClientId: platformClientId
    authAuthority: effectiveAuthAuthority
    authAudience: authAudience
    otlpEndpoint: otlpEndpoint
  }
}

module dashboard 'app/dashboard.bicep' = {
  name: 'dashboard'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    displayName: 'PresenceGrains operations (${environmentName})'
    applicationInsightsId: applicationInsights.outputs.id
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    applicationInsightsId: applicationInsights.outputs.id
    alertEmail: alertEmail
  }
}

// azd reads these after provisioning: the registry to push to, and the values the host's settings map from
// (azure.yaml, services.host.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = containerRegistry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = containerRegistry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = applicationInsights.outputs.connectionString
output PRESENCE_CLUSTER_ID string = clusterId
output PRESENCE_SERVICE_ID string = serviceId
output PRESENCE_PLATFORM_CLIENT_SECRET_NAME string = platformClientSecretName
output PRESENCE_AUTH_AUTHORITY string = effectiveAuthAuthority
output SERVICE_HOST_NAME string = host.outputs.name
output SERVICE_HOST_URI string = host.outputs.uri
output PRESENCE_DASHBOARD_URL string = dashboard.outputs.url

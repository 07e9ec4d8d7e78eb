metadata description = 'Key Vault (RBAC authorisation) holding the CCaaS platform client secret that the host reads with its identity.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Name of the secret that holds the platform client secret.')
param platformSecretName string

@secure()
@description('The platform client secret. Empty: the secret is not written (set it later in the vault, or use the emulator).')
param platformSecretValue string = ''

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource platformSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(platformSecretValue)) {
  parent: vault
  name: platformSecretName
  properties: {
    value: platformSecretValue
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

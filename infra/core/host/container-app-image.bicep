metadata description = 'The image a container app runs now. A module of its own: read inside the template that redeploys the app, it would be a dependency of the app on itself.'

param name string

@description('Whether the app exists yet (azd: SERVICE_<NAME>_RESOURCE_EXISTS).')
param exists bool

@description('The image to use while the app does not exist.')
param fallbackImage string

resource app 'Microsoft.App/containerApps@2026-07-01' existing = if (exists) {
  name: name
}

output image string = exists ? app!.properties.template!.containers![0].image! : fallbackImage

metadata description = 'The operator\'s workbook: agents, deltas, publication latency, the platform channel and the cluster, per tenant, from the host\'s telemetry in Application Insights.'

param location string = resourceGroup().location
param tags object = {}

@description('Shown in the portal\'s workbook gallery.')
param displayName string

@description('Resource id of the Application Insights component the queries read.')
param applicationInsightsId string

// Every query lives in queries/*.kql, so that tests/PresenceGrains.Service.Tests checks each metric and span name it
// reads against what the host emits. {Tenant} and {TimeRange:grain} are the workbook's parameters.
var source = 'microsoft.insights/components'

func text(name string, markdown string) object => {
  type: 1
  name: name
  content: {
    json: markdown
  }
}

func chart(name string, title string, query string, visualization string, width string) object => {
  type: 3
  name: name
  customWidth: width
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    timeContextFromParameter: 'TimeRange'
    timeContext: {
      durationMs: 0
    }
    visualization: visualization
    noDataMessage: 'Nothing reported in this period.'
  }
}

func section(name string, title string, items array) object => {
  type: 12
  name: name
  content: {
    version: 'NotebookGroup/1.0'
    groupType: 'editable'
    title: title
    items: items
  }
}

var parameters = {
  type: 9
  name: 'parameters'
  content: {
    version: 'KqlParameterItem/1.0'
    queryType: 0
    resourceType: source
    parameters: [
      {
        id: 'time-range'
        version: 'KqlParameterItem/1.0'
        name: 'TimeRange'
        label: 'Time range'
        type: 4
        isRequired: true
        value: {
          durationMs: 14400000
        }
        typeSettings: {
          allowCustom: true
          selectableValues: [
            { durationMs: 900000 }
            { durationMs: 3600000 }
            { durationMs: 14400000 }
            { durationMs: 43200000 }
            { durationMs: 86400000 }
            { durationMs: 259200000 }
            { durationMs: 604800000 }
          ]
        }
      }
      {
        id: 'tenant'
        version: 'KqlParameterItem/1.0'
        name: 'Tenant'
        label: 'Tenant'
        type: 2
        isRequired: true
        multiSelect: true
        quote: '\''
        delimiter: ','
        query: loadTextContent('queries/tenants.kql')
        queryType: 0
        resourceType: source
        timeContextFromParameter: 'TimeRange'
        value: [
          'value::all'
        ]
        typeSettings: {
          additionalResourceOptions: [
            'value::all'
          ]
          selectAllValue: '*'
          showDefault: false
        }
      }
    ]
  }
}

var publications = loadTextContent('queries/publications.kql')

var workbook = {
  version: 'Notebook/1.0'
  items: [
    text('about', '## PresenceGrains\nAre agents shown correctly right now, is the platform channel healthy, is anything drifting. Metrics arrive once a minute; spans are sampled. What each figure means, and the alerts: docs/deploy.md, "Observe".')
    parameters
    section('agents', 'Agents', [
      chart('agents-by-state', 'Watched agents by published state', loadTextContent('queries/agents-by-state.kql'), 'areachart', '50')
      chart('agents-routable', 'Watched agents routable (Available, fresh, reachable) and not', loadTextContent('queries/agents-routable.kql'), 'areachart', '50')
    ])
    section('deltas', 'Deltas', [
      chart('deltas-per-second', 'Deltas per second: received, applied, discarded, shed', loadTextContent('queries/deltas-per-second.kql'), 'timechart', '67')
      chart('inversions-held', 'Inversions held back within the hold window', loadTextContent('queries/inversions-held.kql'), 'barchart', '33')
    ])
    section('latency', 'Publication latency', [
      chart('publication-latency', 'Platform lastUpdated to publication, p50 and p99 by raise, lowering, same (sampled spans, ms)', '${publications}\n${loadTextContent('queries/publication-latency.kql')}', 'timechart', '50')
      chart('latency-from-platform', 'Platform lastUpdated to publication, mean and max by direction (every publication, ms)', loadTextContent('queries/latency-from-platform.kql'), 'timechart', '50')
    ])
    section('channel', 'Platform channel', [
      chart('channel-state', 'Channel state: tenants seen in each state', loadTextContent('queries/channel-state.kql'), 'timechart', '50')
      chart('heartbeat-age', 'Seconds since the platform\'s last heartbeat', loadTextContent('queries/heartbeat-age.kql'), 'timechart', '50')
      chart('channel-reconnects', 'Reconnects and token refreshes', loadTextContent('queries/channel-reconnects.kql'), 'barchart', '33')
      chart('disconnection-windows', 'Disconnection windows', loadTextContent('queries/disconnection-windows.kql'), 'timechart', '33')
      chart('channel-events', 'Channel events the connector acted on (state changes, windows, resnapshots)', loadTextContent('queries/channel-events.kql'), 'barchart', '33')
    ])
    section('repairs', 'Repairs from REST', [
      chart('repairs', 'Agents snapshotted, by cause, and corrections sent', loadTextContent('queries/repairs.kql'), 'barchart', '50')
      chart('drift-repaired', 'Drift repaired: agents a re-read found wrong, by cause', loadTextContent('queries/drift-repaired.kql'), 'barchart', '50')
    ])
    section('cluster', 'Cluster', [
      chart('silos', 'Silos: replicas reporting, and each one\'s membership view', loadTextContent('queries/silos.kql'), 'timechart', '50')
      chart('grain-call-timeouts', 'Grain calls timed out, by grain type', loadTextContent('queries/grain-call-timeouts.kql'), 'barchart', '50')
    ])
  ]
  fallbackResourceIds: [
    applicationInsightsId
  ]
  '$schema': 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json'
}

resource dashboard 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name is a GUID: stable per resource group, so a re-provision updates it in place.
  name: guid(resourceGroup().id, 'presencegrains-operations')
  location: location
  tags: union(tags, { 'hidden-title': displayName })
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: string(workbook)
  }
}

output id string = dashboard.id

@description('Opens the workbook in the Azure portal.')
output url string = '${environment().portal}/#@${tenant().tenantId}/resource${dashboard.id}/workbook'

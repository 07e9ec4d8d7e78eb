metadata description = 'The alerts that matter to contact-centre operations, as log search rules on Application Insights; each has a runbook paragraph in docs/deploy.md ("Alerts").'

param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Application Insights component the rules query.')
param applicationInsightsId string

@description('Who is told when an alert fires. Empty: the alerts fire in the portal only.')
param alertEmail string = ''

@description('Minutes a tenant\'s channel may stay not connected (stopped, connecting, stale or reconnecting) before the alert.')
@minValue(1)
param channelNotConnectedMinutes int = 2

@description('Seconds since the platform\'s last heartbeat above which the alert fires; the platform sends one every few seconds.')
@minValue(10)
param heartbeatAgeSeconds int = 60

@description('Minutes a tenant\'s connector may go without reporting its heartbeat age before the alert.')
@minValue(3)
param heartbeatSilenceMinutes int = 5

@description('Platform-lastUpdated-to-publication p99 (ms) above which the latency alert fires; a lowering includes the 500 ms hold.')
param latencyP99ThresholdMs int = 1500

@description('Sampled publication spans a tenant needs in the window before its p99 is judged.')
@minValue(1)
param latencyMinTraces int = 20

@description('Timed-out grain calls in 5 minutes above which the alert fires.')
@minValue(0)
param allowedGrainCallTimeouts int = 0

// Each rule's description ends with the heading of its runbook paragraph; a test checks that the heading exists.
var rules = [
  {
    name: 'channel-not-connected'
    severity: 1
    frequency: 'PT1M'
    window: 'PT15M'
    split: 'tenant'
    description: 'A tenant\'s platform channel (presence.channel.state) has not been connected for more than ${channelNotConnectedMinutes} minutes: its agents are shown Stale or Reconnecting, none routable. Runbook: Channel not connected.'
    query: 'let notConnectedFor = ${channelNotConnectedMinutes}m;\n${loadTextContent('queries/alert-channel-not-connected.kql')}'
  }
  {
    name: 'no-heartbeat'
    severity: 1
    frequency: 'PT5M'
    window: 'PT6H'
    split: 'tenant'
    description: 'A tenant\'s platform heartbeat is more than ${heartbeatAgeSeconds} s old (presence.channel.heartbeat.age), or its connector has not reported for more than ${heartbeatSilenceMinutes} minutes. Runbook: No heartbeat.'
    query: 'let heartbeatAgeSeconds = ${heartbeatAgeSeconds};\nlet silentFor = ${heartbeatSilenceMinutes}m;\n${loadTextContent('queries/alert-no-heartbeat.kql')}'
  }
  {
    name: 'publication-latency'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    split: 'tenant'
    description: 'A tenant\'s publication latency p99 (platform lastUpdated to publication, sampled presence.publish spans) over 15 minutes is above ${latencyP99ThresholdMs} ms. Runbook: Publication latency.'
    query: 'let thresholdMs = ${latencyP99ThresholdMs};\nlet minTraces = ${latencyMinTraces};\n${loadTextContent('queries/publications.kql')}\n${loadTextContent('queries/alert-publication-latency.kql')}'
  }
  {
    name: 'grain-call-timeouts'
    severity: 2
    frequency: 'PT5M'
    window: 'PT5M'
    split: 'grainType'
    description: 'More than ${allowedGrainCallTimeouts} grain calls timed out in 5 minutes. Runbook: Grain-call timeouts.'
    query: 'let allowedTimeouts = ${allowedGrainCallTimeouts};\n${loadTextContent('queries/alert-grain-call-timeouts.kql')}'
  }
]

resource team 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-presencegrains-${uniqueString(resourceGroup().id)}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'presence'
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Each query returns one row per tenant (or grain type) in trouble; the rule fires for each such row.
resource alerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: 'presencegrains-${rule.name}-${uniqueString(resourceGroup().id)}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: 'PresenceGrains: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            dimensions: [
              {
                name: rule.split
                operator: 'Include'
                values: [
                  '*'
                ]
              }
            ]
          }
        ]
      }
      actions: {
        actionGroups: empty(alertEmail) ? [] : [team.id]
      }
    }
  }
]

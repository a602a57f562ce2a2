{{/*
Default-deny NetworkPolicy: the pods accept traffic on their http port only from the configured
peers (ingress controller, monitoring) and from the services that call them (roster), and reach
only DNS, NATS, PostgreSQL, the services they call (roster) and the systems outside the cluster
listed in networkPolicy.externalEgress (back office, channels: CIDRs + ports).
*/}}
{{- define "retail-lib.networkPolicy" -}}
{{- if .Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "retail-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "retail-lib.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    {{- $peers := concat (.Values.networkPolicy.ingress.from | default (list)) (.Values.networkPolicy.ingress.metricsFrom | default (list)) }}
    {{- if $peers }}
    - from:
        {{- toYaml $peers | nindent 8 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- include "retail-lib.callerIngress" . | nindent 4 }}
    {{- include "retail-lib.testIngress" . | nindent 4 }}
  egress:
    {{- include "retail-lib.baseEgress" . | trim | nindent 4 }}
    {{- include "retail-lib.calleeEgress" . | nindent 4 }}
    - to:
        {{- include "retail-lib.peer" .Values.networkPolicy.nats | trim | nindent 8 }}
      ports:
        - port: {{ .Values.networkPolicy.nats.port }}
          protocol: TCP
    {{- range $system, $rule := .Values.networkPolicy.externalEgress }}
    {{- if $rule.cidrs }}
    # {{ $system }}
    - to:
        {{- range $rule.cidrs }}
        - ipBlock:
            cidr: {{ . }}
            {{- with $rule.except }}
            except:
              {{- toYaml . | nindent 14 }}
            {{- end }}
        {{- end }}
      ports:
        {{- range $rule.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- end }}
    {{- with .Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end }}

{{/* DNS: what every pod of the chart needs. */}}
{{- define "retail-lib.dnsEgress" -}}
- to:
    {{- include "retail-lib.peer" .Values.networkPolicy.dns | trim | nindent 4 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* DNS and PostgreSQL: what the migration Job needs too. */}}
{{- define "retail-lib.baseEgress" -}}
{{ include "retail-lib.dnsEgress" . }}
- to:
    {{- include "retail-lib.peer" .Values.networkPolicy.postgres | trim | nindent 4 }}
  ports:
    - port: {{ .Values.networkPolicy.postgres.port }}
      protocol: TCP
{{- end }}

{{/* A peer: pods with podLabels, in namespace (by name) when given, else in the release namespace. */}}
{{- define "retail-lib.peer" -}}
{{- $peer := dict "podSelector" (dict "matchLabels" .podLabels) }}
{{- if .namespace }}
{{- $_ := set $peer "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" .namespace)) }}
{{- end }}
{{- toYaml (list $peer) }}
{{- end }}

{{/*
Wiring between the services of one release, from the roster (_roster.tpl, generated from
tools/services.json). For every call "caller -> callee" the roster lists:
  - the caller gets <callee baseUrlEnv> = http://<release>-<callee>:<callee port> (the callee's
    Service) and SERVICE_API_KEY from its own service-key Secret;
  - the callee adds that key to RETAIL_API_KEYS (dependent env expansion) with the caller's
    roster keyScope: `service`, or `admin` for the operators' console;
  - the caller's NetworkPolicy allows egress to the callee's pods on that port, and the callee's
    allows ingress from the caller's pods.
Peers are named as the umbrella chart names its subcharts (release + chart name), so a peer's
nameOverride/fullnameOverride is not supported.
*/}}

{{/* This chart's roster entry (JSON). Fails for a chart the roster does not list. */}}
{{- define "retail-lib.self" -}}
{{- $roster := fromJson (include "retail-lib.roster" .) }}
{{- $self := index $roster .Chart.Name }}
{{- if not $self }}
{{- fail (printf "%s is not a service in tools/services.json (regenerate helm/retail-lib/templates/_roster.tpl)" .Chart.Name) }}
{{- end }}
{{- toJson $self }}
{{- end }}

{{/* Service name of a peer in this release. Usage: include "retail-lib.peerFullname" (list . "inventory") */}}
{{- define "retail-lib.peerFullname" -}}
{{- $ctx := index . 0 }}
{{- $name := index . 1 }}
{{- if contains $name $ctx.Release.Name }}
{{- $ctx.Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" $ctx.Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Base URL of a peer's Service. Usage: include "retail-lib.peerUrl" (list . "inventory") */}}
{{- define "retail-lib.peerUrl" -}}
{{- $ctx := index . 0 }}
{{- $name := index . 1 }}
{{- $peer := index (fromJson (include "retail-lib.roster" $ctx)) $name }}
{{- printf "http://%s:%d" (include "retail-lib.peerFullname" (list $ctx $name)) (int $peer.port) }}
{{- end }}

{{/*
Secret holding a calling service's SERVICE_API_KEY: global.serviceKeys.<caller>.existingSecret,
else the one the umbrella chart generates, <release>-<caller>-service-key.
Usage: include "retail-lib.serviceKeySecret" (list . "returns")
*/}}
{{- define "retail-lib.serviceKeySecret" -}}
{{- $ctx := index . 0 }}
{{- $caller := index . 1 }}
{{- $existing := dig "serviceKeys" $caller "existingSecret" "" ($ctx.Values.global | default dict) }}
{{- if $existing }}
{{- $existing }}
{{- else }}
{{- printf "%s-service-key" (include "retail-lib.peerFullname" (list $ctx $caller) | trunc 50 | trimSuffix "-") }}
{{- end }}
{{- end }}

{{/* Services that call this one, sorted (JSON list). */}}
{{- define "retail-lib.callers" -}}
{{- $callers := list }}
{{- range $name, $svc := fromJson (include "retail-lib.roster" .) }}
{{- if has $.Chart.Name $svc.calls }}
{{- $callers = append $callers $name }}
{{- end }}
{{- end }}
{{- toJson (sortAlpha $callers) }}
{{- end }}

{{/* Env variable that carries one caller's key inside a callee: RETAIL_CALLER_KEY_ORDER_INGESTION. */}}
{{- define "retail-lib.callerKeyEnv" -}}
{{- printf "RETAIL_CALLER_KEY_%s" (. | upper | replace "-" "_") }}
{{- end }}

{{/* Non-secret wiring env (ConfigMap): the base URL of every service this one calls. */}}
{{- define "retail-lib.peerConfig" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- $roster := fromJson (include "retail-lib.roster" .) }}
{{- $env := dict }}
{{- range $callee := $self.calls }}
{{- $peer := index $roster $callee }}
{{- $_ := set $env $peer.baseUrlEnv (include "retail-lib.peerUrl" (list $ $callee)) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/*
Secret wiring env: SERVICE_API_KEY for a caller; for everyone RETAIL_API_KEYS =
the operators' and channels' keys (apiKeys.existingSecret) + each caller's key with its keyScope.
Kubernetes expands $(VAR) from variables defined earlier in the same list, so order matters.
*/}}
{{- define "retail-lib.keyEnv" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- if $self.calls }}
- name: SERVICE_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "retail-lib.serviceKeySecret" (list . .Chart.Name) }}
      key: SERVICE_API_KEY
{{- end }}
- name: RETAIL_API_KEYS_EXTERNAL
  valueFrom:
    secretKeyRef:
      name: {{ include "retail-lib.apiKeysSecret" . | required "apiKeys.existingSecret is required" }}
      key: {{ .Values.apiKeys.secretKey }}
{{- $entries := list "$(RETAIL_API_KEYS_EXTERNAL)" }}
{{- range $caller := fromJsonArray (include "retail-lib.callers" .) }}
- name: {{ include "retail-lib.callerKeyEnv" $caller }}
  valueFrom:
    secretKeyRef:
      name: {{ include "retail-lib.serviceKeySecret" (list $ $caller) }}
      key: SERVICE_API_KEY
{{- $scope := (index (fromJson (include "retail-lib.roster" $)) $caller).keyScope | default "service" }}
{{- $entries = append $entries (printf "$(%s)=%s" (include "retail-lib.callerKeyEnv" $caller) $scope) }}
{{- end }}
- name: RETAIL_API_KEYS
  value: {{ join "," $entries | quote }}
{{- end }}

{{/* NetworkPolicy ingress rules: from each caller's pods on the http port. */}}
{{- define "retail-lib.callerIngress" -}}
{{- range $caller := fromJsonArray (include "retail-lib.callers" .) }}
# {{ $caller }} calls {{ $.Chart.Name }}
- from:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ $caller }}
          app.kubernetes.io/instance: {{ $.Release.Name | trunc 63 | trimSuffix "-" }}
  ports:
    - port: http
      protocol: TCP
{{- end }}
{{- end }}

{{/* NetworkPolicy egress rules: to each callee's pods on its port. */}}
{{- define "retail-lib.calleeEgress" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- $roster := fromJson (include "retail-lib.roster" .) }}
{{- range $callee := $self.calls }}
# {{ $.Chart.Name }} calls {{ $callee }}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ $callee }}
          app.kubernetes.io/instance: {{ $.Release.Name | trunc 63 | trimSuffix "-" }}
  ports:
    - port: {{ int (index $roster $callee).port }}
      protocol: TCP
{{- end }}
{{- end }}

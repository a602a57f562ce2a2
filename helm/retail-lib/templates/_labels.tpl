{{/*
Selector labels: name + instance only. Selectors are immutable, so nothing that changes between
releases (version, chart) may appear in them.
*/}}
{{- define "retail-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "retail-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Recommended labels (Kubernetes + Helm best practices) for every object. */}}
{{- define "retail-lib.labels" -}}
helm.sh/chart: {{ include "retail-lib.chart" . }}
{{ include "retail-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ include "retail-lib.version" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.partOf | default "retail-platform" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "retail-lib.version" -}}
{{- dig "image" "tag" "" .Values.global | default .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Pods beside the service's own (the migration Job's, the helm test Pod's) get their own name label,
<name>-<role>, so that the Service, PDB and HPA (which select on name + instance) never pick them up.
Usage: include "retail-lib.roleSelectorLabels" (list . "migration")
*/}}
{{- define "retail-lib.roleSelectorLabels" -}}
{{- $ctx := index . 0 }}
{{- $role := index . 1 }}
{{- $max := sub 62 (len $role) | int -}}
app.kubernetes.io/name: {{ include "retail-lib.name" $ctx | trunc $max | trimSuffix "-" }}-{{ $role }}
app.kubernetes.io/instance: {{ $ctx.Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "retail-lib.roleLabels" -}}
{{- $ctx := index . 0 }}
{{- $role := index . 1 -}}
helm.sh/chart: {{ include "retail-lib.chart" $ctx }}
{{ include "retail-lib.roleSelectorLabels" . }}
app.kubernetes.io/version: {{ include "retail-lib.version" $ctx | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
app.kubernetes.io/part-of: {{ $ctx.Values.partOf | default "retail-platform" }}
app.kubernetes.io/component: {{ $role }}
{{- with $ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "retail-lib.migrationSelectorLabels" -}}
{{ include "retail-lib.roleSelectorLabels" (list . "migration") }}
{{- end }}

{{- define "retail-lib.migrationLabels" -}}
{{ include "retail-lib.roleLabels" (list . "migration") }}
{{- end }}

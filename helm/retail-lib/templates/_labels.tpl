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
The migration Job's pods get their own name label so that the Service, PDB and HPA (which select on
name + instance) never pick them up.
*/}}
{{- define "retail-lib.migrationSelectorLabels" -}}
app.kubernetes.io/name: {{ include "retail-lib.name" . | trunc 53 | trimSuffix "-" }}-migration
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "retail-lib.migrationLabels" -}}
helm.sh/chart: {{ include "retail-lib.chart" . }}
{{ include "retail-lib.migrationSelectorLabels" . }}
app.kubernetes.io/version: {{ include "retail-lib.version" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.partOf | default "retail-platform" }}
app.kubernetes.io/component: migration
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

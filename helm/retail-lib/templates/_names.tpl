{{/*
Names. Kubernetes names and label values are limited to 63 characters, so every name is truncated
and never ends in "-". Suffixed names truncate the base first so that the suffix survives.
*/}}
{{- define "retail-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "retail-lib.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Usage: include "retail-lib.suffixedName" (list . "migrate") */}}
{{- define "retail-lib.suffixedName" -}}
{{- $ctx := index . 0 }}
{{- $suffix := index . 1 }}
{{- $max := sub 62 (len $suffix) | int }}
{{- printf "%s-%s" (include "retail-lib.fullname" $ctx | trunc $max | trimSuffix "-") $suffix }}
{{- end }}

{{- define "retail-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "retail-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "retail-lib.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The application inside the shared image: dist/apps/<app>/main.js. */}}
{{- define "retail-lib.appName" -}}
{{- default .Chart.Name .Values.app.name }}
{{- end }}

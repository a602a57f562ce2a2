{{/*
Environment. Non-secret settings go to a ConfigMap (Deployment) or inline (migration hook Job,
which runs before the release's ConfigMap exists). Credentials always come from Secrets that exist
before the release (External Secrets, Sealed Secrets, CloudNativePG's <cluster>-app secret):
this chart never renders a credential from values.
A global.* value, when set in the umbrella chart, wins over the service's own value.
*/}}

{{/* Non-secret env as a YAML map NAME: "value" (every value a string, as ConfigMap data requires). */}}
{{- define "retail-lib.configData" -}}
{{- $env := dict }}
{{- $_ := set $env "NODE_ENV" .Values.app.nodeEnv }}
{{- $_ = set $env "PORT" (toString .Values.app.port) }}
{{- $_ = set $env "LOG_LEVEL" .Values.app.logLevel }}
{{- $_ = set $env "MAX_DELIVER" (toString .Values.app.maxDeliver) }}
{{- $_ = set $env "SHUTDOWN_GRACE_SECONDS" (toString .Values.app.shutdownGraceSeconds) }}
{{- $_ = set $env "DB_SCHEMA" .Values.database.schema }}
{{- $_ = set $env "NATS_NAMESPACE" (.Values.nats.namespace | default "") }}
{{- if not (include "retail-lib.natsSecret" .) }}
{{- $_ = set $env "NATS_URL" (include "retail-lib.natsUrl" .) }}
{{- end }}
{{- range $k, $v := .Values.env }}
{{- $_ = set $env $k (toString $v) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{- define "retail-lib.natsUrl" -}}
{{- dig "nats" "url" "" .Values.global | default .Values.nats.url }}
{{- end }}

{{- define "retail-lib.natsSecret" -}}
{{- dig "nats" "existingSecret" "" .Values.global | default .Values.nats.existingSecret }}
{{- end }}

{{- define "retail-lib.databaseSecret" -}}
{{- dig "database" "existingSecret" "" .Values.global | default .Values.database.existingSecret }}
{{- end }}

{{- define "retail-lib.apiKeysSecret" -}}
{{- dig "apiKeys" "existingSecret" "" .Values.global | default .Values.apiKeys.existingSecret }}
{{- end }}

{{/* Env entries read from existing Secrets. */}}
{{- define "retail-lib.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "retail-lib.databaseSecret" . | required "database.existingSecret is required (e.g. the CloudNativePG <cluster>-app secret)" }}
      key: {{ .Values.database.secretKey }}
{{- with include "retail-lib.natsSecret" . }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.nats.secretKey }}
{{- end }}
- name: RETAIL_API_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ include "retail-lib.apiKeysSecret" . | required "apiKeys.existingSecret is required" }}
      key: {{ .Values.apiKeys.secretKey }}
{{- range $name, $ref := .Values.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "secretEnv.%s.existingSecret is required" $name) $ref.existingSecret }}
      key: {{ required (printf "secretEnv.%s.key is required" $name) $ref.key }}
      {{- if $ref.optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}

{{/* The same non-secret env, inline (for pods that cannot rely on the release ConfigMap). */}}
{{- define "retail-lib.inlineConfigEnv" -}}
{{- range $k, $v := fromYaml (include "retail-lib.configData" .) }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end }}

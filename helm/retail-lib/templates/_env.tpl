{{/*
Environment. Non-secret settings go to a ConfigMap (Deployment) or inline (migration hook Job,
which runs before the release's ConfigMap exists). Credentials always come from Secrets that exist
before the release (External Secrets, Sealed Secrets, CloudNativePG's <cluster>-app secret) or,
for the services' own keys, that the umbrella generates in a pre-install hook (_wiring.tpl):
this chart never renders a credential from values.
A global.* value, when set in the umbrella chart, wins over the service's own value.
*/}}

{{/* Non-secret env as a YAML map NAME: "value" (every value a string, as ConfigMap data requires). */}}
{{- define "retail-lib.configData" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- $env := dict }}
{{- $_ := set $env "NODE_ENV" .Values.app.nodeEnv }}
{{- /* The V8 heap limits every process runs with (tools/services.json nodeOptions, ADR 0052);
       a chart's env.NODE_OPTIONS replaces them. */}}
{{- if $self.nodeOptions }}
{{- $_ = set $env "NODE_OPTIONS" $self.nodeOptions }}
{{- end }}
{{- $_ = set $env "PORT" (toString .Values.app.port) }}
{{- $_ = set $env "LOG_LEVEL" .Values.app.logLevel }}
{{- $_ = set $env "MAX_DELIVER" (toString .Values.app.maxDeliver) }}
{{- $_ = set $env "SHUTDOWN_GRACE_SECONDS" (toString .Values.app.shutdownGraceSeconds) }}
{{- $_ = set $env "DB_SCHEMA" .Values.database.schema }}
{{- $_ = set $env "NATS_NAMESPACE" (.Values.nats.namespace | default "") }}
{{- if not (include "retail-lib.natsSecret" .) }}
{{- $_ = set $env "NATS_URL" (include "retail-lib.natsUrl" .) }}
{{- end }}
{{- range $k, $v := fromYaml (include "retail-lib.peerConfig" .) }}
{{- $_ = set $env $k $v }}
{{- end }}
{{- range $k, $v := fromYaml (include "retail-lib.backOfficeConfig" .) }}
{{- $_ = set $env $k $v }}
{{- end }}
{{- range $k, $v := .Values.env }}
{{- $_ = set $env $k (toString $v) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/*
Back office, set once for the platform under global.erp / global.backOffice: only the systems this
service uses (roster `backOffice`). No in-cluster default: an empty base URL fails the render.
*/}}
{{- define "retail-lib.backOfficeConfig" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- $g := .Values.global | default dict }}
{{- $env := dict }}
{{- if has "erp" $self.backOffice }}
{{- $erp := $g.erp | default dict }}
{{- $_ := set $env "ERP_KIND" (required "global.erp.kind is required" $erp.kind) }}
{{- $_ = set $env "ERP_BASE_URL" (required "global.erp.baseUrl is required (the ERP's REST base URL)" $erp.baseUrl) }}
{{- $_ = set $env "ERP_AUTH" (required "global.erp.auth is required (none, tba or oauth2)" $erp.auth) }}
{{- range $name, $key := dict "ERP_ACCOUNT_ID" "accountId" "ERP_TIMEOUT_MS" "timeoutMs" "ERP_MAX_CONCURRENCY" "maxConcurrency" "ERP_MAX_RPS" "maxRps" "ERP_NON_INVENTORY_ITEM_ID" "nonInventoryItemId" "ERP_OAUTH2_SCOPES" "oauth2Scopes" }}
{{- $v := index $erp $key }}
{{- if not (kindIs "invalid" $v) }}{{ if ne (toString $v) "" }}
{{- $_ := set $env $name (toString $v) }}
{{- end }}{{ end }}
{{- end }}
{{- end }}
{{- range $system := list "wms" "payments" "tax" }}
{{- if has $system $self.backOffice }}
{{- $url := dig "backOffice" $system "baseUrl" "" $g }}
{{- $_ := set $env (printf "%s_BASE_URL" (upper $system)) (required (printf "global.backOffice.%s.baseUrl is required" $system) $url) }}
{{- end }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* ERP credentials for global.erp.auth (tba, oauth2) from global.erp.existingSecret, keys named as the env. */}}
{{- define "retail-lib.erpSecretEnv" -}}
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- $erp := dig "erp" dict (.Values.global | default dict) }}
{{- if and (has "erp" $self.backOffice) (has $erp.auth (list "tba" "oauth2")) }}
{{- $keys := index (fromJson (include "retail-lib.erpSecretKeys" .)) $erp.auth }}
{{- $secret := required (printf "global.erp.existingSecret is required for ERP auth %s" $erp.auth) $erp.existingSecret }}
{{- range $keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end }}
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
{{- include "retail-lib.keyEnv" . }}
{{- include "retail-lib.erpSecretEnv" . }}
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

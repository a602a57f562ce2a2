{{- define "retail-lib.notes" -}}
{{ include "retail-lib.appName" . }} {{ include "retail-lib.version" . }} is installed as {{ include "retail-lib.fullname" . }} in namespace {{ .Release.Namespace }}.

Database migrations ran in the pre-install/pre-upgrade hook Job {{ include "retail-lib.suffixedName" (list . "migrate") }}
{{- if not .Values.migration.enabled }} (disabled: the pods migrate on start){{ end }}.

Secrets this release reads (they must exist before install):
  - {{ include "retail-lib.databaseSecret" . }} (key {{ .Values.database.secretKey }}) -> DATABASE_URL, schema {{ .Values.database.schema }}
  - {{ include "retail-lib.apiKeysSecret" . }} (key {{ .Values.apiKeys.secretKey }}) -> RETAIL_API_KEYS (operators' and channels' keys)
{{- $self := fromJson (include "retail-lib.self" .) }}
{{- if $self.calls }}
  - {{ include "retail-lib.serviceKeySecret" (list . .Chart.Name) }} (key SERVICE_API_KEY) -> SERVICE_API_KEY, to call {{ join ", " $self.calls }}
{{- end }}
{{- range $caller := fromJsonArray (include "retail-lib.callers" .) }}
  - {{ include "retail-lib.serviceKeySecret" (list $ $caller) }} (key SERVICE_API_KEY) -> RETAIL_API_KEYS, scope service ({{ $caller }} calls this service)
{{- end }}
{{- with .Values.channels }}
  - {{ .existingSecret }} (every key) -> the channels' base URLs and credentials
{{- end }}
{{- with include "retail-lib.natsSecret" . }}
  - {{ . }} (key {{ $.Values.nats.secretKey }}) -> NATS_URL
{{- end }}
{{- range $name, $ref := .Values.secretEnv }}
  - {{ $ref.existingSecret }} (key {{ $ref.key }}) -> {{ $name }}
{{- end }}

Check it:
  kubectl -n {{ .Release.Namespace }} rollout status deployment/{{ include "retail-lib.fullname" . }}
  kubectl -n {{ .Release.Namespace }} port-forward service/{{ include "retail-lib.fullname" . }} {{ .Values.app.port }}:{{ int (fromJson (include "retail-lib.self" .)).port }}
  curl -s localhost:{{ .Values.app.port }}/health/ready
{{- if .Values.tests.enabled }}
  helm test {{ .Release.Name }} -n {{ .Release.Namespace }} --logs   # Pod {{ include "retail-lib.suffixedName" (list . "test") }} GETs /health/ready through the Service
{{- end }}
{{- if .Values.networkPolicy.enabled }}

NetworkPolicy is on: egress is limited to DNS, NATS, PostgreSQL, the services this one calls
{{- with $self.calls }} ({{ join ", " . }}){{ end }} and networkPolicy.externalEgress
({{ keys .Values.networkPolicy.externalEgress | sortAlpha | join ", " }}). Narrow those CIDRs to your endpoints.
{{- end }}
{{- end }}

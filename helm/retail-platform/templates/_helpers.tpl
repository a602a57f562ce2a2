{{/*
Recommended labels of the umbrella's own objects. Usage: include "retail-platform.labels" (list . "inventory")
(the name label: the service an object belongs to, or retail-platform).
*/}}
{{- define "retail-platform.labels" -}}
{{- $ctx := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $ctx.Release.Name | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ dig "image" "tag" "" $ctx.Values.global | default $ctx.Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
app.kubernetes.io/part-of: retail-platform
{{- end }}

{{/*
The routes of the channels' Ingress: per service, the path prefixes (pathType Prefix) of its
webhooks and /v1 API. The longest matching prefix wins (Ingress API), so the channel-native order
routes reach order-ingestion and the rest of /v1/channels channel-sync. Per-service routes every
service serves (/v1/ops/*, /v1/auth/whoami) are not routed: operators reach them in the cluster
(retailctl, the console). tools/helm/validate.spec.ts checks this table against docs/api.
*/}}
{{- define "retail-platform.ingressRoutes" -}}
order-ingestion:
  - /v1/orders
  - /v1/fulfillment-events
  - /v1/channels/shopify/orders
  - /v1/channels/amazon/orders
  - /v1/channels/adobe-commerce/orders
  - /v1/channels/bigcommerce/orders
  - /v1/channels/salesforce-commerce/orders
  - /v1/channels/square/orders
inventory:
  - /v1/availability
  - /v1/availability:query
  - /v1/positions
  - /v1/reservations
  - /v1/reservations:batch
  - /v1/inventory/movements
  - /v1/allocation-rules
  - /v1/reconciliation/erp
returns:
  - /v1/returns
  - /v1/reconciliation/refunds
channel-sync:
  - /v1/channels
{{- end }}

{{/*
One Ingress, <release>-<key>, from ingress.<key> (host, tlsSecretName, annotations), the shared
ingress.className and ingress.annotations, and paths: a list of { path, service }.
*/}}
{{- define "retail-platform.ingress" -}}
{{- $ctx := .ctx }}
{{- $ing := $ctx.Values.ingress }}
{{- $cfg := index $ing .key }}
{{- $roster := fromJson (include "retail-lib.roster" $ctx) -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ printf "%s-%s" $ctx.Release.Name .key | trunc 63 | trimSuffix "-" }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "retail-platform.labels" (list $ctx .nameLabel) | nindent 4 }}
    app.kubernetes.io/component: ingress
  {{- with merge (dict) $cfg.annotations $ing.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $ing.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- with $cfg.tlsSecretName }}
  tls:
    - hosts:
        - {{ $cfg.host | quote }}
      secretName: {{ . }}
  {{- end }}
  rules:
    - host: {{ required (printf "ingress.%s.host is required when its Ingress is rendered" .key) $cfg.host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "retail-lib.peerFullname" (list $ctx .service) }}
                port:
                  number: {{ int (index $roster .service).port }}
          {{- end }}
{{- end }}

{{/*
Database migrations as a Helm hook: runs before install and before every upgrade, so a new version
never serves traffic against an old schema. Hooks run before the release's ConfigMap and
NetworkPolicy exist, so the Job carries its env inline and gets its own hook NetworkPolicy
(weight -10, created first). Secrets must already exist (they are not part of the release).
A failed Job is kept for inspection and replaced on the next attempt (before-hook-creation).
*/}}
{{- define "retail-lib.migrationJob" -}}
{{- if .Values.migration.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "retail-lib.suffixedName" (list . "migrate") }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.migrationLabels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ .Values.migration.hookWeight | quote }}
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migration.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "retail-lib.migrationLabels" . | nindent 8 }}
    spec:
      {{- include "retail-lib.podSpecCommon" . | trim | nindent 6 }}
      restartPolicy: Never
      automountServiceAccountToken: false
      containers:
        - name: migrate
          image: {{ include "retail-lib.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          # The image entrypoint starts dist/apps/<APP>/main.js; this flag makes it migrate and exit.
          args: ["--migrate-only"]
          env:
            {{- include "retail-lib.inlineConfigEnv" . | trim | nindent 12 }}
            {{- include "retail-lib.secretEnv" . | trim | nindent 12 }}
          resources:
            {{- toYaml .Values.migration.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}
{{- end }}

{{- define "retail-lib.migrationNetworkPolicy" -}}
{{- if and .Values.migration.enabled .Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "retail-lib.suffixedName" (list . "migrate") }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.migrationLabels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  podSelector:
    matchLabels:
      {{- include "retail-lib.migrationSelectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress: []
  egress:
    {{- include "retail-lib.baseEgress" . | trim | nindent 4 }}
    {{- if .Values.migration.natsEgress }}
    - to:
        {{- include "retail-lib.peer" .Values.networkPolicy.nats | trim | nindent 8 }}
      ports:
        - port: {{ .Values.networkPolicy.nats.port }}
          protocol: TCP
    {{- end }}
{{- end }}
{{- end }}

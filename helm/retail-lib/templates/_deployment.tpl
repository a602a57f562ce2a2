{{/*
Deployment of one service. Probes: startup and liveness on /health/live (the process is up),
readiness on /health/ready (PostgreSQL and NATS reachable). Root filesystem is read-only; /tmp
is an emptyDir. preStop sleeps so that endpoints are removed before SIGTERM starts the drain.
*/}}
{{- define "retail-lib.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "retail-lib.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: api
  {{- with .Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}
  selector:
    matchLabels:
      {{- include "retail-lib.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "retail-lib.labels" . | nindent 8 }}
        app.kubernetes.io/component: api
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include "retail-lib.configData" . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "retail-lib.podSpecCommon" . | trim | nindent 6 }}
      serviceAccountName: {{ include "retail-lib.serviceAccountName" . }}
      automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
      terminationGracePeriodSeconds: {{ add .Values.app.shutdownGraceSeconds 15 }}
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- else }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "retail-lib.selectorLabels" . | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ include "retail-lib.appName" . }}
          image: {{ include "retail-lib.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.app.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "retail-lib.suffixedName" (list . "config") }}
            {{- with .Values.channels }}
            # Every channel's base URL and credentials, one variable per key (channel-sync).
            - secretRef:
                name: {{ required "channels.existingSecret is required" .existingSecret }}
            {{- end }}
          env:
            {{- include "retail-lib.secretEnv" . | trim | nindent 12 }}
          {{- include "retail-lib.probes" . | trim | nindent 10 }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ .Values.app.preStopSleepSeconds }}"]
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
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

{{/* Scheduling and security settings shared by the Deployment and the migration Job. */}}
{{- define "retail-lib.podSpecCommon" -}}
{{- include "retail-lib.imagePullSecrets" . }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "retail-lib.probes" -}}
{{- $p := .Values.probes }}
startupProbe:
  httpGet:
    path: /health/live
    port: http
  {{- toYaml $p.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  {{- toYaml $p.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  {{- toYaml $p.readiness | nindent 2 }}
{{- end }}

{{- define "retail-lib.service" -}}
apiVersion: v1
kind: Service
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
  type: {{ .Values.service.type }}
  selector:
    {{- include "retail-lib.selectorLabels" . | nindent 4 }}
  ports:
    # The roster's port: the one every caller's base URL names (retail-lib.peerUrl).
    - name: http
      port: {{ int (fromJson (include "retail-lib.self" .)).port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{- define "retail-lib.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "retail-lib.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
{{- end }}
{{- end }}

{{- define "retail-lib.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "retail-lib.suffixedName" (list . "config") }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.labels" . | nindent 4 }}
  {{- with .Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
data:
  {{- include "retail-lib.configData" . | trim | nindent 2 }}
{{- end }}

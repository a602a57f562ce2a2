{{/*
`helm test`: a Pod (hook test) that GETs the service's readiness route, /health/ready (PostgreSQL
and NATS reachable), through its Service, as a caller in the cluster would. It runs the service's
own image (node, non-root) with the Deployment's security contexts, and its own NetworkPolicy (a
release object, so it exists before `helm test`) lets it reach only DNS and the service's pods,
whose policy admits it (retail-lib.networkPolicy). Kept after the run for `helm test --logs` and
replaced on the next one (before-hook-creation).
*/}}
{{- define "retail-lib.testPod" -}}
{{- if .Values.tests.enabled }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ include "retail-lib.suffixedName" (list . "test") }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.roleLabels" (list . "test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  {{- include "retail-lib.podSpecCommon" . | trim | nindent 2 }}
  restartPolicy: Never
  automountServiceAccountToken: false
  containers:
    - name: ready
      image: {{ include "retail-lib.image" . }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      command: ["node", "-e"]
      args:
        - |
          {{- include "retail-lib.testScript" . | nindent 10 }}
      env:
        - name: READY_URL
          value: {{ printf "%s/health/ready" (include "retail-lib.selfUrl" .) | quote }}
        - name: ATTEMPTS
          value: {{ .Values.tests.attempts | quote }}
      resources:
        {{- toYaml .Values.tests.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
{{- end }}
{{- end }}

{{/* This service's own Service URL in the cluster, as its callers dial it. */}}
{{- define "retail-lib.selfUrl" -}}
{{- printf "http://%s:%d" (include "retail-lib.fullname" .) (int (fromJson (include "retail-lib.self" .)).port) }}
{{- end }}

{{/* GET READY_URL until it answers 2xx, ATTEMPTS times 3 s apart; the exit code is the verdict. */}}
{{- define "retail-lib.testScript" -}}
const url = process.env.READY_URL;
const attempts = Number(process.env.ATTEMPTS);
(async () => {
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      console.log(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 500)}`);
      if (res.ok) process.exit(0);
    } catch (err) {
      console.log(`GET ${url}: ${err.cause?.code ?? err.message}`);
    }
    if (i < attempts) await new Promise((r) => setTimeout(r, 3000));
  }
  process.exit(1);
})();
{{- end }}

{{/* The test Pod may reach DNS and the service's pods on their port, nothing else. */}}
{{- define "retail-lib.testNetworkPolicy" -}}
{{- if and .Values.tests.enabled .Values.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "retail-lib.suffixedName" (list . "test") }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "retail-lib.roleLabels" (list . "test") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "retail-lib.roleSelectorLabels" (list . "test") | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress: []
  egress:
    {{- include "retail-lib.dnsEgress" . | trim | nindent 4 }}
    - to:
        - podSelector:
            matchLabels:
              {{- include "retail-lib.selectorLabels" . | nindent 14 }}
      ports:
        - port: {{ .Values.app.port }}
          protocol: TCP
{{- end }}
{{- end }}

{{/* NetworkPolicy ingress rule of the service: from its test Pod on the http port. */}}
{{- define "retail-lib.testIngress" -}}
{{- if .Values.tests.enabled }}
# helm test (retail-lib.testPod)
- from:
    - podSelector:
        matchLabels:
          {{- include "retail-lib.roleSelectorLabels" (list . "test") | nindent 10 }}
  ports:
    - port: http
      protocol: TCP
{{- end }}
{{- end }}

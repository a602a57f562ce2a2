{{- define "retail-lib.image" -}}
{{- $registry := dig "image" "registry" "" .Values.global | default .Values.image.registry }}
{{- $repo := .Values.image.repository }}
{{- if $registry }}{{ $repo = printf "%s/%s" $registry $repo }}{{ end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repo .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (dig "image" "tag" "" .Values.global | default .Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "retail-lib.imagePullSecrets" -}}
{{- $secrets := concat (dig "imagePullSecrets" (list) .Values.global) (.Values.imagePullSecrets | default (list)) | uniq }}
{{- with $secrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

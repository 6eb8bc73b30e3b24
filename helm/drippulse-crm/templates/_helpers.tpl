{{/* Names: the release's full name, truncated to the 63 characters a DNS label allows. */}}
{{- define "drippulse-crm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "drippulse-crm.fullname" -}}
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

{{/* A component's resource name: <fullname>-<component>, the suffix always kept. */}}
{{- define "drippulse-crm.componentName" -}}
{{- $root := index . 0 }}
{{- $component := index . 1 }}
{{- printf "%s-%s" (include "drippulse-crm.fullname" $root | trunc (int (sub 62 (len $component))) | trimSuffix "-") $component }}
{{- end }}

{{- define "drippulse-crm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "drippulse-crm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: drippulse-crm
{{- end }}

{{/* Selector labels of one component: [root, component]. */}}
{{- define "drippulse-crm.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "drippulse-crm.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "drippulse-crm.componentLabels" -}}
{{ include "drippulse-crm.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* image reference of [root, component values] */}}
{{- define "drippulse-crm.image" -}}
{{- $root := index . 0 }}
{{- printf "%s:%s" (index . 1).image.repository (default $root.Chart.AppVersion $root.Values.image.tag) }}
{{- end }}

{{- define "drippulse-crm.secretName" -}}
{{- default (include "drippulse-crm.componentName" (list . "secrets")) .Values.secret.existingSecret }}
{{- end }}

{{/* The Secret the migration hook reads: it runs before the release's own Secret exists. */}}
{{- define "drippulse-crm.migrationSecretName" -}}
{{- default (include "drippulse-crm.componentName" (list . "migrate")) .Values.secret.existingSecret }}
{{- end }}

{{- define "drippulse-crm.dbMigrate" -}}
{{- ternary "false" "true" .Values.migrations.enabled }}
{{- end }}

{{/* DATABASE_URL from a Secret: [secret name, key]. */}}
{{- define "drippulse-crm.databaseUrlEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ index . 0 }}
      key: {{ index . 1 }}
{{- end }}

{{- define "drippulse-crm.podSecurity" -}}
automountServiceAccountToken: false
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{- define "drippulse-crm.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{- define "drippulse-crm.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Scheduling constraints of one component's values. */}}
{{- define "drippulse-crm.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The key of one setting in the Secret: [root, "databaseUrl" | "jwtPublicKeys" | "jwtHs256Secret"].
The chart-created Secret always uses the environment variable names. */}}
{{- define "drippulse-crm.secretKey" -}}
{{- $root := index . 0 }}
{{- $setting := index . 1 }}
{{- if $root.Values.secret.existingSecret }}
{{- index $root.Values.secret.keys $setting }}
{{- else }}
{{- index (dict "databaseUrl" "DATABASE_URL" "jwtPublicKeys" "JWT_PUBLIC_KEYS" "jwtHs256Secret" "JWT_HS256_SECRET") $setting }}
{{- end }}
{{- end }}

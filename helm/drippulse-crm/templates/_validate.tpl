{{/*
Fails the render with a sentence naming the value to set, rather than letting a release start pods
that crash on a missing DATABASE_URL or JWT key.
*/}}
{{- define "drippulse-crm.validate" -}}
{{- $s := .Values.secret }}
{{- $inline := or $s.databaseUrl $s.jwtPublicKeys $s.jwtHs256Secret }}
{{- if $s.existingSecret }}
{{- if $inline }}
{{- fail "secret.existingSecret is set, so secret.databaseUrl, secret.jwtPublicKeys and secret.jwtHs256Secret must stay empty: put those keys into the existing Secret, or set secret.existingSecret to \"\" to have the chart create the Secret" }}
{{- end }}
{{- else }}
{{- if not $s.databaseUrl }}
{{- fail "no database secret: set secret.existingSecret to the name of a Secret holding DATABASE_URL, or set secret.databaseUrl to postgresql://user:pass@host:port/db" }}
{{- end }}
{{- if not (regexMatch "^postgres(ql)?://" $s.databaseUrl) }}
{{- fail "secret.databaseUrl must look like postgresql://user:pass@host:port/db" }}
{{- end }}
{{- if not (or $s.jwtPublicKeys $s.jwtHs256Secret) }}
{{- fail "no JWT key: the api-server refuses to start without one; set secret.jwtPublicKeys (PEM, production) or secret.jwtHs256Secret, or use secret.existingSecret" }}
{{- end }}
{{- if and $s.jwtHs256Secret (lt (len $s.jwtHs256Secret) 32) }}
{{- fail "secret.jwtHs256Secret is too short: the api-server needs at least 32 characters" }}
{{- end }}
{{- if and .Values.config.devMode (not $s.jwtHs256Secret) }}
{{- fail "config.devMode needs secret.jwtHs256Secret: the demo sign-in mints HS256 tokens" }}
{{- end }}
{{- end }}
{{- if .Values.scheduledExports.enabled }}
{{- if not .Values.scheduledExports.orgs }}
{{- fail "scheduledExports.enabled is true but scheduledExports.orgs is empty: list the organization ids (UUIDs) to export" }}
{{- end }}
{{- range .Values.scheduledExports.orgs }}
{{- if not (regexMatch "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" (toString .)) }}
{{- fail (printf "scheduledExports.orgs: %q is not an organization id (a UUID)" (toString .)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $hpa := .Values.api.autoscaling }}
{{- if and $hpa.enabled (gt (int $hpa.minReplicas) (int $hpa.maxReplicas)) }}
{{- fail "api.autoscaling.minReplicas must not exceed api.autoscaling.maxReplicas" }}
{{- end }}
{{- $worker := .Values.worker }}
{{- if ge (int $worker.stopGraceSeconds) (int $worker.terminationGracePeriodSeconds) }}
{{- fail (printf "worker.stopGraceSeconds (%d) must be less than worker.terminationGracePeriodSeconds (%d): after waiting for its job to stop, the worker still needs a few seconds to hand it back before Kubernetes kills the pod" (int $worker.stopGraceSeconds) (int $worker.terminationGracePeriodSeconds)) }}
{{- end }}
{{- if and .Values.api.ingress.enabled (not .Values.api.ingress.hosts) }}
{{- fail "api.ingress.enabled is true but api.ingress.hosts is empty" }}
{{- end }}
{{- end }}

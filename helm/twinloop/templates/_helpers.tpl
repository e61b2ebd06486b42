{{/*
twinloop chart helpers.

The four services share one set of templates: each template ranges over
"twinloop.componentNames" and reads the service's block of values (.Values.<name>)
and its facts from "twinloop.components".
*/}}

{{/* Chart name. */}}
{{- define "twinloop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Base name of all resources. Truncated to 50 characters so that
"<fullname>-forecast" etc. stay within the 63-character DNS label limit.
*/}}
{{- define "twinloop.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label value. */}}
{{- define "twinloop.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
What each service is, as the code has it (see each service's application.properties):
  clients    its gRPC clients (TWINLOOP_<NAME>_HOST/_PORT): the only calls the
             NetworkPolicies allow between services
  store      it has the embedded-or-PostgreSQL store (TWINLOOP_STORE)
  dataDir    it reads TWINLOOP_DATA_DIR (H2 files; forecast's model registry)
  singleton  it keeps per-process state that more replicas would split
  llm        it calls the LLM endpoint
*/}}
{{- define "twinloop.components" -}}
gateway:
  clients: [twin, forecast, planner]
  store: true
  dataDir: true
  singleton: true
  llm: false
twin:
  clients: []
  store: true
  dataDir: true
  singleton: true
  llm: false
forecast:
  clients: [twin]
  store: false
  dataDir: true
  singleton: false
  llm: false
planner:
  clients: [twin]
  store: false
  dataDir: false
  singleton: false
  llm: true
{{- end }}

{{/* Ordered list of component names (dict iteration is alphabetical). */}}
{{- define "twinloop.componentNames" -}}
gateway twin forecast planner
{{- end }}

{{/* Common labels. Call with the root context. */}}
{{- define "twinloop.labels" -}}
helm.sh/chart: {{ include "twinloop.chart" . }}
app.kubernetes.io/name: {{ include "twinloop.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: twinloop
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component. Call with (dict "root" $ "name" "twin"). */}}
{{- define "twinloop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "twinloop.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* All labels of one component. Call with (dict "root" $ "name" "twin"). */}}
{{- define "twinloop.componentLabels" -}}
{{ include "twinloop.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Resource name of one component: <fullname>-<name>. Call with (dict "root" $ "name" "twin"). */}}
{{- define "twinloop.componentFullname" -}}
{{- printf "%s-%s" (include "twinloop.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* In-cluster DNS name of a component's Service. Call with (dict "root" $ "name" "twin"). */}}
{{- define "twinloop.componentHost" -}}
{{- printf "%s.%s.svc.%s" (include "twinloop.componentFullname" .) .root.Release.Namespace .root.Values.clusterDomain }}
{{- end }}

{{/* Port name of a component: grpc-<name> (Istio protocol selection by name; 15 characters at most). */}}
{{- define "twinloop.portName" -}}
{{- printf "grpc-%s" . }}
{{- end }}

{{/* ServiceAccount name. */}}
{{- define "twinloop.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "twinloop.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference of a component. Call with (dict "root" $ "image" .image). */}}
{{- define "twinloop.image" -}}
{{- $registry := .root.Values.global.imageRegistry | trimSuffix "/" }}
{{- $repo := .image.repository }}
{{- if $registry }}
{{- $repo = printf "%s/%s" $registry $repo }}
{{- end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repo .image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion .image.tag | toString) }}
{{- end }}
{{- end }}

{{/* "true" when the component runs with an HPA. Call with (dict "root" $ "name" "forecast"). */}}
{{- define "twinloop.autoscaled" -}}
{{- $c := index .root.Values .name }}
{{- if and (hasKey $c "autoscaling") $c.autoscaling.enabled }}true{{ end }}
{{- end }}

{{/* Most replicas a component can have: the HPA's maximum or replicaCount. */}}
{{- define "twinloop.maxReplicas" -}}
{{- $c := index .root.Values .name }}
{{- if include "twinloop.autoscaled" . }}{{ $c.autoscaling.maxReplicas }}{{ else }}{{ $c.replicaCount }}{{ end }}
{{- end }}

{{/* "true" when the component uses PostgreSQL (a store service with postgresql.enabled). */}}
{{- define "twinloop.usesPostgresql" -}}
{{- $facts := index (include "twinloop.components" .root | fromYaml) .name }}
{{- if and $facts.store .root.Values.postgresql.enabled }}true{{ end }}
{{- end }}

{{/*
"true" when the component's data directory is a PersistentVolumeClaim: forecast with
persistence on; twin and gateway with persistence on and the embedded store (with
PostgreSQL their data directory holds nothing).
*/}}
{{- define "twinloop.persistent" -}}
{{- $c := index .root.Values .name }}
{{- if and (hasKey $c "persistence") $c.persistence.enabled (not (include "twinloop.usesPostgresql" .)) }}true{{ end }}
{{- end }}

{{/*
Port of a URL as a number: the explicit one, else the scheme's default.
Call with (dict "url" "http://host:8000/v1" "default" 443); "jdbc:" is stripped first.
*/}}
{{- define "twinloop.urlPort" -}}
{{- $u := urlParse (trimPrefix "jdbc:" .url) }}
{{- $m := regexFind ":[0-9]+$" $u.host }}
{{- if $m }}{{ trimPrefix ":" $m }}
{{- else if eq $u.scheme "https" }}443
{{- else if eq $u.scheme "http" }}80
{{- else }}{{ .default }}
{{- end }}
{{- end }}

{{/* Egress ports: the configured list, else [{port: <port of url>, protocol: TCP}]. Call with (dict "ports" list "url" s "default" n). */}}
{{- define "twinloop.egressPorts" -}}
{{- if .ports }}
{{- toYaml .ports }}
{{- else -}}
- port: {{ include "twinloop.urlPort" (dict "url" .url "default" .default) }}
  protocol: TCP
{{- end }}
{{- end }}

{{/* The twin's JDBC URL: postgresql.jdbcUrl with reWriteBatchedInserts=true unless it sets it. */}}
{{- define "twinloop.twinJdbcUrl" -}}
{{- $url := .Values.postgresql.jdbcUrl }}
{{- if contains "reWriteBatchedInserts" $url }}{{ $url }}
{{- else if contains "?" $url }}{{ $url }}&reWriteBatchedInserts=true
{{- else }}{{ $url }}?reWriteBatchedInserts=true
{{- end }}
{{- end }}

{{/* Where the TLS secret is mounted in every pod (TWINLOOP_TLS_DIR). */}}
{{/* The Secret with the bearer tokens. Call with the root context. */}}
{{- define "twinloop.authSecret" -}}
{{- default (printf "%s-auth" (include "twinloop.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{- define "twinloop.tlsDir" -}}
/etc/twinloop/tls
{{- end }}

{{/*
The handler of a probe. Kubernetes' gRPC probes speak plaintext only, so with tls.enabled:
  clientAuth none/request: HTTPS GET of SmallRye Health (/q/health/<path>; the kubelet does not verify
                           the certificate and presents none)
  clientAuth required:     a TCP connect to the port (the kubelet has no client certificate to present)
Call with (dict "root" $ "port" 9090 "service" "" "path" "ready").
*/}}
{{- define "twinloop.probeHandler" -}}
{{- if not .root.Values.tls.enabled -}}
grpc:
  port: {{ .port }}
  {{- with .service }}
  service: {{ . | quote }}
  {{- end }}
{{- else if eq .root.Values.tls.clientAuth "required" -}}
tcpSocket:
  port: {{ .port }}
{{- else -}}
httpGet:
  scheme: HTTPS
  port: {{ .port }}
  path: /q/health/{{ .path }}
{{- end }}
{{- end }}

{{/* Fail early on inconsistent values (the schema checks shapes, this checks combinations). */}}
{{- define "twinloop.validate" -}}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) }}
{{- fail "tls.enabled=true needs tls.secretName: an existing kubernetes.io/tls Secret with tls.crt, tls.key (PKCS#8) and ca.crt, e.g. from cert-manager" }}
{{- end }}
{{- if and .Values.tls.enabled .Values.metrics.serviceMonitor.enabled (ne .Values.metrics.serviceMonitor.scheme "https") }}
{{- fail "tls.enabled=true: the services serve HTTPS only, so metrics.serviceMonitor.scheme must be https (with a tlsConfig; a client certificate too when tls.clientAuth=required)" }}
{{- end }}
{{- if .Values.postgresql.enabled }}
{{- if not .Values.postgresql.jdbcUrl }}
{{- fail "postgresql.enabled=true needs postgresql.jdbcUrl (e.g. jdbc:postgresql://host:5432/twinloop)" }}
{{- end }}
{{- if not .Values.postgresql.existingSecret }}
{{- fail "postgresql.enabled=true needs postgresql.existingSecret: the name of a Secret with the username and password (the chart never takes a password as a value)" }}
{{- end }}
{{- end }}
{{- if .Values.llm.enabled }}
{{- if not .Values.llm.baseUrl }}
{{- fail "llm.enabled=true needs llm.baseUrl (an OpenAI-compatible endpoint, e.g. http://vllm:8000/v1)" }}
{{- end }}
{{- if not .Values.llm.model }}
{{- fail "llm.enabled=true needs llm.model" }}
{{- end }}
{{- end }}
{{- if and .Values.tracing.enabled (not .Values.tracing.otlpEndpoint) }}
{{- fail "tracing.enabled=true needs tracing.otlpEndpoint (e.g. http://otel-collector:4317)" }}
{{- end }}
{{- range $name := list "forecast" "planner" }}
{{- $c := index $.Values $name }}
{{- if $c.autoscaling.enabled }}
{{- if lt (int $c.autoscaling.maxReplicas) (int $c.autoscaling.minReplicas) }}
{{- fail (printf "%s.autoscaling.maxReplicas must be >= minReplicas" $name) }}
{{- end }}
{{- if and (not $c.autoscaling.targetCPUUtilizationPercentage) (not $c.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail (printf "%s.autoscaling needs targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (not .Values.forecast.persistence.enabled) (gt (int (include "twinloop.maxReplicas" (dict "root" . "name" "forecast"))) 1) }}
{{- fail "forecast without persistence keeps its trained models in each pod, so replicas would disagree: enable forecast.persistence (a volume the replicas share), or run one replica (forecast.autoscaling.enabled=false, forecast.replicaCount=1)" }}
{{- end }}
{{- end }}

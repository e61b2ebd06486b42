{{/*
twinloop chart helpers.

The four services share one set of templates: each template ranges over
"twinloop.components" and reads the service's block of values (.Values.<name>).
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
The services, in call-graph order. Keys are the values blocks and the
component names; "clients" are the gRPC clients (QUARKUS_GRPC_CLIENTS_<NAME>_*)
each one has, i.e. the only calls the NetworkPolicies allow.
*/}}
{{- define "twinloop.components" -}}
gateway:
  clients: [twin, forecast, planner]
twin:
  clients: []
forecast:
  clients: [twin]
planner:
  clients: [twin]
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

{{/* Port name of a component: grpc-<name> (Istio / Linkerd protocol selection). */}}
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

{{/* True ("true") when the component runs with an HPA. Call with (dict "root" $ "name" "forecast"). */}}
{{- define "twinloop.autoscaled" -}}
{{- $c := index .root.Values .name }}
{{- if and (hasKey $c "autoscaling") $c.autoscaling.enabled }}true{{ end }}
{{- end }}

{{/* True ("true") when the component keeps its data on a PVC. */}}
{{- define "twinloop.persistent" -}}
{{- $c := index .root.Values .name }}
{{- if and (hasKey $c "persistence") $c.persistence.enabled }}true{{ end }}
{{- end }}

{{/* Fail early on inconsistent values (the schema checks shapes, this checks combinations). */}}
{{- define "twinloop.validate" -}}
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
{{- range $name := splitList " " (include "twinloop.componentNames" .) }}
{{- $c := index $.Values $name }}
{{- if and (hasKey $c "autoscaling") $c.autoscaling.enabled }}
{{- if lt (int $c.autoscaling.maxReplicas) (int $c.autoscaling.minReplicas) }}
{{- fail (printf "%s.autoscaling.maxReplicas must be >= minReplicas" $name) }}
{{- end }}
{{- if and (not $c.autoscaling.targetCPUUtilizationPercentage) (not $c.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail (printf "%s.autoscaling needs targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

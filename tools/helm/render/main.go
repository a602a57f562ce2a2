// Command helm-render renders a Helm chart the way `helm template` does, for the subset of Helm
// the charts in this repository use. It exists because CI here has no helm binary: it uses the
// same engine as Helm (Go text/template + sprig) so template syntax and function behaviour match.
//
// Supported: Chart.yaml (apiVersion v2, type application|library, dependencies from file:// or
// charts/<name>/, condition), values.yaml coalesced with -f files (null deletes a key), subchart
// values (parent[<name or alias>]) with `global` propagation, .Values .Chart .Release
// .Capabilities (.KubeVersion, .APIVersions.Has) .Template .Files.Get, and the functions sprig
// plus include, tpl, required, toYaml, fromYaml, fromYamlArray, toJson, fromJson, fromJsonArray,
// lookup (empty, like `helm template`, unless -cluster names a file of existing objects). Not supported: .Files.Glob/AsConfig/AsSecrets,
// tags, import-values, post-renderers, schema validation (done by tools/helm/validate.mjs).
//
// Usage: helm-render [-f values.yaml]... [-release-name n] [-namespace ns]
//
//	[-api-versions group/version]... [-kube-version v1.30.0] [-cluster objects.yaml]
//	[-show-notes] CHART_DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type options struct {
	chartDir    string
	valueFiles  stringList
	releaseName string
	namespace   string
	apiVersions stringList
	kubeVersion string
	showNotes   bool
	clusterFile string
}

func parseArgs() options {
	var o options
	flag.Var(&o.valueFiles, "f", "values file (repeatable, later files win)")
	flag.Var(&o.valueFiles, "values", "alias of -f")
	flag.StringVar(&o.releaseName, "release-name", "release-name", "release name")
	flag.StringVar(&o.namespace, "namespace", "default", "release namespace")
	flag.Var(&o.apiVersions, "api-versions", "extra API version for .Capabilities.APIVersions")
	flag.StringVar(&o.kubeVersion, "kube-version", "v1.30.0", "Kubernetes version for .Capabilities")
	flag.BoolVar(&o.showNotes, "show-notes", false, "print the rendered NOTES.txt to stderr")
	flag.StringVar(&o.clusterFile, "cluster", "", "YAML file of existing objects that lookup finds")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helm-render [flags] CHART_DIR")
		os.Exit(2)
	}
	o.chartDir = flag.Arg(0)
	return o
}

func main() {
	o := parseArgs()
	out, notes, err := run(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(out)
	if o.showNotes && notes != "" {
		fmt.Fprintln(os.Stderr, notes)
	}
}

func run(o options) (string, string, error) {
	chart, err := loadChart(o.chartDir)
	if err != nil {
		return "", "", err
	}
	if chart.Type == "library" {
		return "", "", fmt.Errorf("%s is a library chart and cannot be rendered on its own", chart.Name)
	}
	user := map[string]interface{}{}
	for _, f := range o.valueFiles {
		v, err := readValuesFile(f)
		if err != nil {
			return "", "", err
		}
		user = coalesce(v, user)
	}
	values := coalesce(user, chart.Values)
	ensureGlobal(values)
	r := newRenderer(o)
	if r.cluster, err = loadCluster(o.clusterFile); err != nil {
		return "", "", err
	}
	if err := r.collect(chart, chart.Name, values, true); err != nil {
		return "", "", err
	}
	return r.render()
}

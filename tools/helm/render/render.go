package main

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"
)

// renderer holds one template set shared by every chart of the release (as Helm does: a `define`
// in any chart, library charts included, is visible to all) and the files to execute.
type renderer struct {
	opts    options
	cluster cluster
	tmpl    *template.Template
	jobs    []renderJob
	notes   *renderJob
	depth   map[string]int
}

type renderJob struct {
	name string
	data map[string]interface{}
}

func newRenderer(o options) *renderer {
	r := &renderer{opts: o, depth: map[string]int{}}
	// missingkey=zero + replacing "<no value>" afterwards is what Helm does in non-strict mode.
	r.tmpl = template.New("gotpl").Option("missingkey=zero").Funcs(r.funcMap())
	return r
}

// collect parses the chart's templates under prefix and queues the renderable ones, then recurses
// into enabled dependencies with their own values.
func (r *renderer) collect(c *Chart, prefix string, values map[string]interface{}, top bool) error {
	for _, dep := range c.Deps {
		if !conditionEnabled(values, dep.Condition) {
			continue
		}
		sub := subchartValues(values, dep)
		if err := r.collect(dep.Chart, prefix+"/charts/"+dep.key(), sub, false); err != nil {
			return err
		}
	}
	for _, f := range c.Templates {
		name := prefix + "/" + f.rel
		if _, err := r.tmpl.New(name).Parse(f.content); err != nil {
			return fmt.Errorf("parse error in %s: %w", name, err)
		}
		if c.Type == "library" {
			continue
		}
		job := renderJob{name: name, data: r.scope(c, prefix, name, values)}
		base := path.Base(f.rel)
		switch {
		case base == "NOTES.txt":
			if top {
				r.notes = &job
			}
		case strings.HasPrefix(base, "_"):
		default:
			r.jobs = append(r.jobs, job)
		}
	}
	return nil
}

func (r *renderer) scope(c *Chart, prefix, name string, values map[string]interface{}) map[string]interface{} {
	return map[string]interface{}{
		"Values":       values,
		"Chart":        chartObject(c.Meta),
		"Release":      r.release(),
		"Capabilities": newCapabilities(r.opts),
		"Template":     map[string]interface{}{"Name": name, "BasePath": prefix + "/templates"},
		"Files":        Files(c.Files),
	}
}

func (r *renderer) release() map[string]interface{} {
	return map[string]interface{}{
		"Name": r.opts.releaseName, "Namespace": r.opts.namespace, "Service": "Helm",
		"IsInstall": true, "IsUpgrade": false, "Revision": 1,
	}
}

// render executes every queued file and prints the non-empty ones as `helm template` does.
func (r *renderer) render() (string, string, error) {
	sort.SliceStable(r.jobs, func(i, j int) bool { return r.jobs[i].name < r.jobs[j].name })
	var out strings.Builder
	for _, job := range r.jobs {
		text, err := r.execute(job.name, job.data)
		if err != nil {
			return "", "", err
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", job.name, strings.TrimRight(text, "\n"))
	}
	notes := ""
	if r.notes != nil {
		var err error
		if notes, err = r.execute(r.notes.name, r.notes.data); err != nil {
			return "", "", err
		}
	}
	return out.String(), notes, nil
}

func (r *renderer) execute(name string, data interface{}) (string, error) {
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
}

// chartObject exposes Chart.yaml with Helm's field names (.Chart.Name, .Chart.AppVersion, ...).
func chartObject(meta map[string]interface{}) map[string]interface{} {
	keys := map[string]string{
		"name": "Name", "version": "Version", "appVersion": "AppVersion", "apiVersion": "APIVersion",
		"type": "Type", "description": "Description", "kubeVersion": "KubeVersion", "home": "Home",
		"annotations": "Annotations", "keywords": "Keywords", "icon": "Icon", "sources": "Sources",
		"maintainers": "Maintainers", "deprecated": "Deprecated", "dependencies": "Dependencies",
	}
	out := map[string]interface{}{}
	for k, v := range meta {
		if helmKey, ok := keys[k]; ok {
			out[helmKey] = v
		}
	}
	for _, helmKey := range keys {
		if _, ok := out[helmKey]; !ok {
			out[helmKey] = ""
		}
	}
	return out
}

// Files is the subset of Helm's .Files this renderer supports.
type Files map[string]string

// Get returns a file's content, or "" when it does not exist (as Helm does).
func (f Files) Get(name string) string { return f[name] }

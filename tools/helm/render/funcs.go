package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

// Helm's own include limit: deep self-recursion is a template bug, not a valid chart.
const maxIncludeDepth = 1000

func (r *renderer) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	// Helm removes these so that rendering never depends on the machine it runs on.
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toYaml":        toYaml,
		"fromYaml":      fromYaml,
		"fromYamlArray": fromYamlArray,
		"toJson":        toJson,
		"fromJson":      fromJson,
		"fromJsonArray": fromJsonArray,
		"required":      required,
		"include":       r.include,
		"tpl":           r.tpl,
		"lookup":        r.lookup,
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// lookup asks the -cluster objects, read after the function map is built.
func (r *renderer) lookup(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
	return r.cluster.lookup(apiVersion, kind, namespace, name)
}

func (r *renderer) include(name string, data interface{}) (string, error) {
	r.depth[name]++
	defer func() { r.depth[name]-- }()
	if r.depth[name] > maxIncludeDepth {
		return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
	}
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// tpl renders a string as a template in the context given, with every define visible.
func (r *renderer) tpl(text string, data interface{}) (string, error) {
	clone, err := r.tmpl.Clone()
	if err != nil {
		return "", err
	}
	t, err := clone.New("tpl").Parse(text)
	if err != nil {
		return "", fmt.Errorf("tpl: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("tpl: %w", err)
	}
	return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
}

func required(msg string, v interface{}) (interface{}, error) {
	if v == nil {
		return nil, errors.New(msg)
	}
	if s, ok := v.(string); ok && s == "" {
		return nil, errors.New(msg)
	}
	return v, nil
}

// toYaml matches Helm: errors render as "", the trailing newline is dropped.
func toYaml(v interface{}) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

func fromYaml(s string) map[string]interface{} {
	out := map[string]interface{}{}
	if err := unmarshalYaml([]byte(s), &out); err != nil {
		out["Error"] = err.Error()
	}
	return out
}

func fromYamlArray(s string) []interface{} {
	var v interface{}
	if err := yaml.Unmarshal([]byte(s), &v); err != nil {
		return []interface{}{err.Error()}
	}
	arr, _ := normalize(v).([]interface{})
	return arr
}

func toJson(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func fromJson(s string) map[string]interface{} {
	out := map[string]interface{}{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		out["Error"] = err.Error()
	}
	return out
}

func fromJsonArray(s string) []interface{} {
	var out []interface{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return []interface{}{err.Error()}
	}
	return out
}

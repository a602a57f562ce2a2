package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	yaml "gopkg.in/yaml.v2"
)

// cluster stands in for the API server `lookup` asks during `helm install/upgrade`: the objects
// of a YAML file (-cluster), e.g. the previous release's render. Without it lookup finds nothing,
// as with `helm template`.
type cluster []map[string]interface{}

func loadCluster(file string) (cluster, error) {
	if file == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var objects cluster
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var v interface{}
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if m, ok := normalize(v).(map[string]interface{}); ok {
			objects = append(objects, m)
		}
	}
	return objects, nil
}

func field(obj map[string]interface{}, path ...string) string {
	var cur interface{} = obj
	for _, p := range path {
		m, ok := cur.(map[string]interface{})
		if !ok {
			return ""
		}
		cur = m[p]
	}
	s, _ := cur.(string)
	return s
}

// lookup mirrors Helm's: one object by name (empty map when absent), or {items: [...]} for an
// empty name; an empty namespace matches every namespace.
func (c cluster) lookup(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
	var items []interface{}
	for _, o := range c {
		if field(o, "apiVersion") != apiVersion || field(o, "kind") != kind {
			continue
		}
		if namespace != "" && field(o, "metadata", "namespace") != namespace {
			continue
		}
		if name == "" {
			items = append(items, deepCopyValue(o))
		} else if field(o, "metadata", "name") == name {
			return deepCopyValue(o).(map[string]interface{}), nil
		}
	}
	if name == "" {
		return map[string]interface{}{"items": items}, nil
	}
	return map[string]interface{}{}, nil
}

func deepCopyValue(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, val := range t {
			out[k] = deepCopyValue(val)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			out[i] = deepCopyValue(val)
		}
		return out
	default:
		return v
	}
}

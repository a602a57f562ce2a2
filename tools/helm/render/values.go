package main

import "strings"

// coalesce returns defaults overlaid with overrides, recursively for maps. A null override deletes
// the key, as in Helm. Neither input is modified.
func coalesce(overrides, defaults map[string]interface{}) map[string]interface{} {
	out := deepCopyMap(defaults)
	for k, v := range overrides {
		if v == nil {
			delete(out, k)
			continue
		}
		ov, okO := v.(map[string]interface{})
		dv, okD := out[k].(map[string]interface{})
		if okO && okD {
			out[k] = coalesce(ov, dv)
			continue
		}
		out[k] = deepCopy(v)
	}
	return out
}

func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		return deepCopyMap(t)
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, x := range t {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

func deepCopyMap(m map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}

func ensureGlobal(values map[string]interface{}) {
	if _, ok := values["global"].(map[string]interface{}); !ok {
		values["global"] = map[string]interface{}{}
	}
}

// subchartValues builds a dependency's values: its defaults, overlaid with parent[key], with the
// parent's globals winning over the subchart's own `global` block.
func subchartValues(parent map[string]interface{}, dep dependency) map[string]interface{} {
	fromParent, _ := parent[dep.key()].(map[string]interface{})
	values := coalesce(fromParent, dep.Chart.Values)
	ensureGlobal(values)
	parentGlobal, _ := parent["global"].(map[string]interface{})
	values["global"] = coalesce(parentGlobal, values["global"].(map[string]interface{}))
	return values
}

// conditionEnabled evaluates a dependency condition (comma-separated paths, first one found wins)
// against the parent's values. A condition that resolves to nothing leaves the chart enabled.
func conditionEnabled(parent map[string]interface{}, condition string) bool {
	for _, path := range strings.Split(condition, ",") {
		path = strings.TrimSpace(path)
		if path == "" {
			continue
		}
		if v, ok := lookupPath(parent, path); ok {
			if b, isBool := v.(bool); isBool {
				return b
			}
		}
	}
	return true
}

func lookupPath(m map[string]interface{}, path string) (interface{}, bool) {
	var cur interface{} = m
	for _, part := range strings.Split(path, ".") {
		cm, ok := cur.(map[string]interface{})
		if !ok {
			return nil, false
		}
		if cur, ok = cm[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

package main

import (
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yaml "gopkg.in/yaml.v2"
)

// Chart is a loaded chart directory: metadata, default values, template files and dependencies.
type Chart struct {
	Dir       string
	Name      string
	Type      string
	Meta      map[string]interface{}
	Values    map[string]interface{}
	Templates []templateFile // path relative to the chart dir, e.g. templates/deployment.yaml
	Files     map[string]string
	Deps      []dependency
}

type templateFile struct {
	rel     string
	content string
}

type dependency struct {
	Name      string
	Alias     string
	Condition string
	Chart     *Chart
}

func (d dependency) key() string {
	if d.Alias != "" {
		return d.Alias
	}
	return d.Name
}

func loadChart(dir string) (*Chart, error) {
	raw, err := ioutil.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("reading Chart.yaml: %w", err)
	}
	meta := map[string]interface{}{}
	if err := unmarshalYaml(raw, &meta); err != nil {
		return nil, fmt.Errorf("%s/Chart.yaml: %w", dir, err)
	}
	c := &Chart{Dir: dir, Meta: meta, Name: str(meta["name"]), Type: str(meta["type"])}
	if c.Name == "" {
		return nil, fmt.Errorf("%s/Chart.yaml: name is required", dir)
	}
	if c.Values, err = readValuesFile(filepath.Join(dir, "values.yaml")); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if c.Values == nil {
		c.Values = map[string]interface{}{}
	}
	if c.Templates, err = loadTemplates(dir); err != nil {
		return nil, err
	}
	c.Files = loadFiles(dir)
	return c, c.loadDependencies()
}

func (c *Chart) loadDependencies() error {
	deps, _ := c.Meta["dependencies"].([]interface{})
	for _, d := range deps {
		m := toStringMap(d)
		dep := dependency{Name: str(m["name"]), Alias: str(m["alias"]), Condition: str(m["condition"])}
		dir, err := c.dependencyDir(dep.Name, str(m["repository"]))
		if err != nil {
			return err
		}
		if dep.Chart, err = loadChart(dir); err != nil {
			return fmt.Errorf("dependency %s of %s: %w", dep.Name, c.Name, err)
		}
		c.Deps = append(c.Deps, dep)
	}
	return nil
}

// dependencyDir resolves file:// repositories relative to the chart, else a vendored charts/<name>.
func (c *Chart) dependencyDir(name, repo string) (string, error) {
	if strings.HasPrefix(repo, "file://") {
		return filepath.Join(c.Dir, strings.TrimPrefix(repo, "file://")), nil
	}
	vendored := filepath.Join(c.Dir, "charts", name)
	if _, err := os.Stat(filepath.Join(vendored, "Chart.yaml")); err == nil {
		return vendored, nil
	}
	return "", fmt.Errorf("dependency %s of %s (%s) is neither file:// nor unpacked under charts/", name, c.Name, repo)
}

func loadTemplates(dir string) ([]templateFile, error) {
	var out []templateFile
	root := filepath.Join(dir, "templates")
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return filepath.SkipDir
			}
			return err
		}
		if info.IsDir() {
			return nil
		}
		b, err := ioutil.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, templateFile{rel: filepath.ToSlash(rel), content: string(b)})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, err
}

// loadFiles exposes the chart's non-template files to .Files.Get (small charts only).
func loadFiles(dir string) map[string]string {
	files := map[string]string{}
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if info.IsDir() {
			if rel == "templates" || rel == "charts" {
				return filepath.SkipDir
			}
			return nil
		}
		if b, err := ioutil.ReadFile(p); err == nil && len(b) < 1<<20 {
			files[rel] = string(b)
		}
		return nil
	})
	return files
}

func readValuesFile(path string) (map[string]interface{}, error) {
	raw, err := ioutil.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]interface{}{}
	if err := unmarshalYaml(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// unmarshalYaml parses YAML into JSON-like Go values (string-keyed maps), as Helm does.
func unmarshalYaml(raw []byte, out *map[string]interface{}) error {
	var v interface{}
	if err := yaml.Unmarshal(raw, &v); err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	m, ok := normalize(v).(map[string]interface{})
	if !ok {
		return fmt.Errorf("top level is not a mapping")
	}
	*out = m
	return nil
}

func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, val := range t {
			m[fmt.Sprint(k)] = normalize(val)
		}
		return m
	case map[string]interface{}:
		for k, val := range t {
			t[k] = normalize(val)
		}
		return t
	case []interface{}:
		for i, val := range t {
			t[i] = normalize(val)
		}
		return t
	}
	return v
}

func toStringMap(v interface{}) map[string]interface{} {
	if m, ok := normalize(v).(map[string]interface{}); ok {
		return m
	}
	return map[string]interface{}{}
}

func str(v interface{}) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

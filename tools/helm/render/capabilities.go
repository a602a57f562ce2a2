package main

import "strings"

// builtinAPIVersions are the group/versions a current cluster serves without CRDs. CRD groups
// (monitoring.coreos.com/v1, ...) are absent unless passed with -api-versions, as in Helm.
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v1", "autoscaling/v2",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
	"coordination.k8s.io/v1", "discovery.k8s.io/v1", "events.k8s.io/v1",
	"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "scheduling.k8s.io/v1",
}

// Capabilities mirrors the parts of Helm's chartutil.Capabilities that templates use.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion map[string]string
}

// KubeVersion mirrors Helm's .Capabilities.KubeVersion.
type KubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (k KubeVersion) String() string { return k.Version }

// VersionSet mirrors Helm's .Capabilities.APIVersions.
type VersionSet []string

// Has reports whether a group/version (or group/version/Kind) is available.
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion || strings.HasPrefix(apiVersion, x+"/") {
			return true
		}
	}
	return false
}

func newCapabilities(o options) Capabilities {
	version := o.kubeVersion
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	parts := strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)
	for len(parts) < 2 {
		parts = append(parts, "0")
	}
	apis := append(VersionSet{}, builtinAPIVersions...)
	apis = append(apis, o.apiVersions...)
	return Capabilities{
		KubeVersion: KubeVersion{Version: version, Major: parts[0], Minor: parts[1], GitVersion: version},
		APIVersions: apis,
		HelmVersion: map[string]string{"Version": "v3-subset", "GoVersion": "go"},
	}
}

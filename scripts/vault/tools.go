//go:build tools

package vaultbuild

import _ "github.com/hashicorp/vault"

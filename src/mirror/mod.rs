//! Mirrors: signed bundles of the built site (`keygen`, `bundle`, `verify`) in minisign's formats.

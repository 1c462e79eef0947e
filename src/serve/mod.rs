//! The live preview server (`samizdat serve`): not supported yet.

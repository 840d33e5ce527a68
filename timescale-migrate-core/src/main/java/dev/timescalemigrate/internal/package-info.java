/** Implementation details. Not part of the API: anything here may change without notice. */
package dev.timescalemigrate.internal;

"""Writes h5py-synthetic.h5: a SYNTHETIC fixture (not from Keras) holding the string and number
layouts h5py produces, for Hdf5GroupTest / Hdf5DatasetTest. Made with h5py 3.16.0, NumPy 2.1.3:

    python make_h5py_synthetic.py
"""
import h5py
import numpy as np

with h5py.File("h5py-synthetic.h5", "w") as f:
    f.attrs["str_scalar"] = "caf\u00e9"                         # variable-length UTF-8
    f.attrs["bytes_scalar"] = b"2.1.3"                         # variable-length ASCII (h5py 3)
    f.attrs["fixed_scalar"] = np.bytes_(b"tensorflow")         # fixed-length, 'S10'
    f.attrs["fixed_array"] = np.array([b"dense_1", b"bn"])     # NumPy 'S' array, as Keras 2 wrote layer_names
    f.attrs["str_array"] = ["conv2d", "caf\u00e9"]             # variable-length UTF-8 array, as tf.keras 2.15 writes
    f.attrs["numbers"] = np.array([1, 2, 3], dtype=np.int32)
    # Keras's chunked form (save_attributes_to_hdf5_group), written by hand at a tiny size.
    f.attrs["chunked0"] = np.array([b"a", b"b"])
    f.attrs["chunked1"] = np.array([b"c"])
    f.create_dataset("f64", data=np.arange(6, dtype=np.float64).reshape(2, 3) / 4)
    f.create_dataset("f16", data=np.array([0.5, -2.0], dtype=np.float16))
    f.create_dataset("i32", data=np.array([1, 2], dtype=np.int32))
    f.create_group("zeta")
    f.create_group("alpha")

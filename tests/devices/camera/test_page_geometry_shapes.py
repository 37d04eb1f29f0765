"""The page finder does not depend on the shape OpenCV gives ``HoughLinesP``'s answer: (N, 1, 4) in 4.x,
(N, 4) in 5.x."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from devices.camera.page_geometry import segment_rows


@given(arrays(np.int32, st.tuples(st.integers(1, 20), st.just(4)), elements=st.integers(0, 3000)))
def test_both_shapes_give_the_same_rows(rows):
    opencv4 = rows.reshape(-1, 1, 4)
    assert segment_rows(opencv4).shape == (len(rows), 4)
    assert np.array_equal(segment_rows(opencv4), segment_rows(rows))
    assert np.array_equal(segment_rows(rows), rows.astype(np.float64))

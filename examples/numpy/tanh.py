# 笔记本的 Tanh 单元格，逐字照录；标有“改动”的行是为了在没有图形界面的
# 环境（CI）中运行：用 Agg 后端，把图写入环境变量 ACTIVATIONS_FIGURES_DIR
# 指定的目录（默认当前目录），而不是 plt.show()。
# 笔记本只在第一个单元格中导入 numpy 和 matplotlib，这里补上。
import os  # 改动：图写入的目录来自环境变量
import matplotlib  # 改动：无界面运行
matplotlib.use("Agg")  # 改动：无界面运行
import numpy as np  # 改动：笔记本在第一个单元格中导入
import matplotlib.pyplot as plt  # 改动：笔记本在第一个单元格中导入

# ANCHOR: functions
# 定义 Tanh 函数
def tanh(x):
    return np.tanh(x)

# 定义 Tanh 函数的导数
def tanh_derivative(x):
    return 1 - np.tanh(x)**2
# ANCHOR_END: functions

# 生成数据
x = np.linspace(-10, 10, 100)
y = tanh(x)
dy = tanh_derivative(x)

# 绘制图形
plt.figure(figsize=(8, 5))
plt.plot(x, y, label='Tanh Function')
plt.plot(x, dy, label='Tanh Derivative', linestyle='--')
plt.title('Tanh Function and its Derivative')
plt.xlabel('x')
plt.ylabel('value')
plt.grid(True)
plt.legend()
plt.savefig(os.path.join(os.environ.get("ACTIVATIONS_FIGURES_DIR", "."), "tanh.png"))  # 改动：原为 plt.show()
